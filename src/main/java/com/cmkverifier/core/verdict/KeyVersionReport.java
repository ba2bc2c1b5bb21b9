package com.cmkverifier.core.verdict;

import java.time.Instant;

/**
 * One key version as the verdict reports it: its state, and the last successful use by any caller in the
 * window, which answers "may I disable the old version yet?". The first successful use and the failed uses
 * draw the version's line on a report's timeline.
 *
 * @param current  the version a versionless reference resolves to, or the pinned one
 */
public record KeyVersionReport(String version, Boolean enabled, Instant created, Instant expires,
                               boolean current, long successfulUses, Instant lastSuccessfulUse,
                               Instant firstSuccessfulUse, long failedUses, Instant firstFailedUse,
                               Instant lastFailedUse) {

    /** A version seen with successes only (or none), first use unknown. */
    public KeyVersionReport(String version, Boolean enabled, Instant created, Instant expires, boolean current,
                            long successfulUses, Instant lastSuccessfulUse) {
        this(version, enabled, created, expires, current, successfulUses, lastSuccessfulUse, lastSuccessfulUse,
                0, null, null);
    }
}
