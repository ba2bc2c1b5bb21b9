package com.cmkverifier.state;

import com.cmkverifier.core.model.VerdictStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One on-demand verification: pending until a check concludes it, then done with its verdict.
 *
 * @param since        start of the window (the change time), or null for the default window
 * @param attempts     checks made so far
 * @param nextCheckAt  when the next check is due while pending (or when the reaper last re-sent it)
 * @param status       the latest verdict's status, null before the first check
 * @param reason       why the run ended without a proper verdict, or null
 * @param verdictJson  the latest verdict as JSON, or null
 * @param claimAttempt the check number a worker has claimed and is making, 0 when none
 * @param claimUntil   when that claim lapses (the worker is surely gone by then), null when none
 * @param etag         the stored version this value was read as; null before it is stored
 */
public record Run(String id, String resource, Instant since, Duration timeout, Instant createdAt, Instant updatedAt,
                  Instant deadline, Instant nextCheckAt, int attempts, boolean done, VerdictStatus status,
                  String reason, String verdictJson, int claimAttempt, Instant claimUntil, String etag) {

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(deadline, "deadline");
    }

    public static Run start(String id, String resource, Instant since, Duration timeout, Instant now) {
        return new Run(id, resource, since, timeout, now, now, now.plus(timeout), now, 0, false, null, null, null,
                0, null, null);
    }

    /** This run after one more check that leaves it pending until {@code nextCheck}; the claim is released. */
    public Run checked(Instant now, VerdictStatus s, String verdict, Instant nextCheck) {
        return new Run(id, resource, since, timeout, createdAt, now, deadline, nextCheck, attempts + 1, false, s,
                null, verdict, 0, null, etag);
    }

    /** This run concluded by one more check. */
    public Run concluded(Instant now, VerdictStatus s, String verdict, String why) {
        return new Run(id, resource, since, timeout, createdAt, now, deadline, null, attempts + 1, true, s, why,
                verdict, 0, null, etag);
    }

    /** This run ended at its deadline without a further check: its last verdict stands, INCONCLUSIVE if none. */
    public Run expired(Instant now, String why) {
        return new Run(id, resource, since, timeout, createdAt, now, deadline, null, attempts, true,
                status == null ? VerdictStatus.INCONCLUSIVE : status, why, verdictJson, 0, null, etag);
    }

    /** This run with check {@code attempt} claimed by a worker until {@code until}. */
    public Run claimed(Instant now, int attempt, Instant until) {
        return new Run(id, resource, since, timeout, createdAt, now, deadline, nextCheckAt, attempts, done, status,
                reason, verdictJson, attempt, until, etag);
    }

    /** This run with its overdue check sent again at {@code now}: the next re-send waits a whole grace from here. */
    public Run redriven(Instant now) {
        return new Run(id, resource, since, timeout, createdAt, now, deadline, now, attempts, done, status,
                reason, verdictJson, claimAttempt, claimUntil, etag);
    }

    /** Whether a worker's claim still holds at {@code now}: nobody else may check, end or re-drive the run. */
    public boolean claimedAt(Instant now) {
        return claimUntil != null && now.isBefore(claimUntil);
    }
}
