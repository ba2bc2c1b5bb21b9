package com.cmkverifier.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Who last wrote a registry entry and when, kept beside the entry (not in its JSON, so a caller's body can never
 * set it).
 *
 * @param by the caller's Entra object id, {@code function-key} when one shared key cannot say who called, or
 *           {@code app:...} when the app itself wrote (discovery, the seed file)
 * @param at when
 */
public record RegistryChange(String by, Instant at) {

    public RegistryChange {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return "by " + by + " at " + at;
    }
}
