package com.cmkverifier.core.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the rules.
 *
 * @param expiryHorizon  KEY_EXPIRING fires when the key expires within this span (default 30 days)
 * @param rotationGrace  STALE_KEY_VERSION waits this long after a new version appears (default 24 h)
 */
public record VerificationSettings(Duration expiryHorizon, Duration rotationGrace) {

    public static final VerificationSettings DEFAULTS = new VerificationSettings(Duration.ofDays(30), Duration.ofHours(24));

    public VerificationSettings {
        Objects.requireNonNull(expiryHorizon, "expiryHorizon");
        Objects.requireNonNull(rotationGrace, "rotationGrace");
        if (expiryHorizon.isNegative() || rotationGrace.isNegative()) {
            throw new IllegalArgumentException("expiry horizon and rotation grace must not be negative");
        }
    }
}
