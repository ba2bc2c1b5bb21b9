package com.cmkverifier.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The follow-up of one new key version (spec section 10 after a {@code KeyNewVersionCreated} event): every
 * resource on the key checked at its type's pickup time, then the old version's readiness to be disabled.
 *
 * @param key         the versionless key URL
 * @param openedAt    the event time: when the new version appeared
 * @param outcome     null while open; {@code SAFE_TO_DISABLE}, {@code STALE_KEY_VERSION} or {@code INCONCLUSIVE}
 * @param oldVersionState the old version's last readiness state (spec section 10), null before it was asked
 * @param nextCheckAt when the follow-up is next due: the earliest resource due, or the old version's re-check
 * @param deadline    after this an undecided follow-up ends INCONCLUSIVE
 * @param etag        the stored version this value was read as; null before it is stored
 */
public record Rotation(String key, String newVersion, String oldVersion, Instant openedAt, List<Tracked> resources,
                       String outcome, String oldVersionState, String reason, Instant nextCheckAt, Instant deadline,
                       Instant updatedAt, String etag) {

    public Rotation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(newVersion, "newVersion");
        resources = List.copyOf(resources);
    }

    public boolean open() {
        return outcome == null;
    }

    /** A resource on the key and where it stands in this rotation. */
    public record Tracked(String name, String type, Duration pickup, Instant dueAt, ResourceState state,
                          Instant checkedAt, String detail) {

        public Tracked with(ResourceState s, Instant at, String why) {
            return new Tracked(name, type, pickup, dueAt, s, at, why);
        }
    }

    /** Where one resource stands. */
    public enum ResourceState {
        /** Its pickup time has not come, or no use after it has been seen yet. */
        WAITING,
        /** Uses after its pickup time are on the new version only. */
        MOVED,
        /** Still on the old version after its pickup time. */
        STALE_KEY_VERSION,
        /** No longer registered, or never seen using the key before the deadline. */
        INCONCLUSIVE
    }

    public Rotation with(List<Tracked> tracked, String out, String oldState, String why, Instant next, Instant now) {
        return new Rotation(key, newVersion, oldVersion, openedAt, tracked, out, oldState, why, next, deadline, now,
                etag);
    }
}
