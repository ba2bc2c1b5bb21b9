package com.cmkverifier.core.rotation;

import java.time.Instant;
import java.util.List;

/**
 * One version of the key, for the question "may I disable it?".
 *
 * @param configuredResources registry entries on it: pinned to it, or versionless while it is the newest
 * @param callers             successful uses in the look-back by caller, most uses first
 * @param reason              why the state is what it is, in words
 */
public record VersionReadiness(String version, Boolean enabled, Instant created, Instant expires,
                               List<String> configuredResources, long uses, Instant lastUse,
                               List<CallerUse> callers, VersionState state, String reason) {

    public VersionReadiness {
        configuredResources = List.copyOf(configuredResources);
        callers = List.copyOf(callers);
    }

    /** @param caller the caller's label (object id, app id or managed identity), with a display name if known */
    public record CallerUse(String caller, long uses, Instant lastUse) {
    }
}
