package com.cmkverifier.state;

import com.cmkverifier.core.model.VerdictStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One on-demand verification: pending until a check concludes it, then done with its verdict.
 *
 * @param since       start of the window (the change time), or null for the default window
 * @param attempts    checks made so far
 * @param nextCheckAt when the next check is due while pending
 * @param status      the latest verdict's status, null before the first check
 * @param reason      why the run ended without a proper verdict, or null
 * @param verdictJson the latest verdict as JSON, or null
 * @param etag        the stored version this value was read as; null before it is stored
 */
public record Run(String id, String resource, Instant since, Duration timeout, Instant createdAt, Instant updatedAt,
                  Instant deadline, Instant nextCheckAt, int attempts, boolean done, VerdictStatus status,
                  String reason, String verdictJson, String etag) {

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deadline, "deadline");
    }

    public static Run start(String id, String resource, Instant since, Duration timeout, Instant now) {
        return new Run(id, resource, since, timeout, now, now, now.plus(timeout), now, 0, false, null, null, null, null);
    }

    /** This run after one more check that leaves it pending until {@code nextCheckAt}. */
    public Run checked(Instant now, VerdictStatus s, String verdict, Instant nextCheck) {
        return new Run(id, resource, since, timeout, createdAt, now, deadline, nextCheck, attempts + 1, false, s,
                null, verdict, etag);
    }

    /** This run concluded by one more check. */
    public Run concluded(Instant now, VerdictStatus s, String verdict, String why) {
        return new Run(id, resource, since, timeout, createdAt, now, deadline, null, attempts + 1, true, s, why,
                verdict, etag);
    }

    /** This run ended at its deadline without a further check: its last verdict stands, INCONCLUSIVE if none. */
    public Run expired(Instant now, String why) {
        return new Run(id, resource, since, timeout, createdAt, now, deadline, null, attempts, true,
                status == null ? VerdictStatus.INCONCLUSIVE : status, why, verdictJson, etag);
    }
}
