package com.cmkverifier.application;

import com.cmkverifier.core.verdict.Verdict;

import java.time.Instant;
import java.util.Objects;

/**
 * A verdict that will not change any more: a run that concluded, or a sweep's result for one resource.
 *
 * @param resourceId the registered Azure resource id, or null when the entry names none
 * @param trigger    {@code verification} or {@code sweep}
 * @param runId      the run's id for a verification, else null
 * @param sweepId    the sweep's id for a sweep, else null
 */
public record FinalVerdict(Verdict verdict, String resourceId, String trigger, String runId, String sweepId,
                           Instant evaluatedAt) {

    public FinalVerdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        if ((runId == null) == (sweepId == null)) {
            throw new IllegalArgumentException("a final verdict comes from exactly one run or one sweep");
        }
    }

    /** Names this verdict across retries, so that a copy sent twice can be told from two verdicts. */
    public String id() {
        return trigger + ":" + (runId != null ? runId : sweepId) + ":" + verdict.resource();
    }
}
