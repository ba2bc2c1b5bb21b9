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
 */
public record FinalVerdict(Verdict verdict, String trigger, String runId, String sweepId, Instant evaluatedAt) {
}
