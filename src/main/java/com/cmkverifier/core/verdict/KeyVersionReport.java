package com.cmkverifier.core.verdict;

import java.time.Instant;

/**
 * One key version as the verdict reports it: its state, and the last successful use by any caller in the
 * window, which answers "may I disable the old version yet?".
 *
 * @param current  the version a versionless reference resolves to, or the pinned one
 */
public record KeyVersionReport(String version, Boolean enabled, Instant created, Instant expires,
                               boolean current, long successfulUses, Instant lastSuccessfulUse) {
}
