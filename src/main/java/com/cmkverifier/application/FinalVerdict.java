package com.cmkverifier.application;

import com.cmkverifier.core.verdict.Verdict;

import java.time.Instant;

/**
 * A verdict that will not change: a run's last, or one resource's in a sweep.
 *
 * @param trigger     {@code verification} or {@code sweep}
 * @param runId       the run's id for a verification, else null
 * @param sweepId     the sweep's id for a sweep, else null
 * @param evaluatedAt when it was evaluated
 * @param resourceId  the registry entry's Azure resource id, or null when it names none (the history's subscription)
 */
public record FinalVerdict(Verdict verdict, String trigger, String runId, String sweepId, Instant evaluatedAt,
                           String resourceId) {

    public FinalVerdict(Verdict verdict, String trigger, String runId, String sweepId, Instant evaluatedAt) {
        this(verdict, trigger, runId, sweepId, evaluatedAt, null);
    }

    /** Names this verdict across retries, so that a copy sent twice can be told from two verdicts. */
    public String id() {
        return trigger + ":" + (runId != null ? runId : sweepId) + ":" + verdict.resource();
    }
}
