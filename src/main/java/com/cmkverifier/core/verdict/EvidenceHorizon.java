package com.cmkverifier.core.verdict;

import com.cmkverifier.core.model.Window;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a verdict's audit evidence reaches (spec section 14): audit records arrive up to about 10 minutes after
 * the operation, so a window that ends closer to the evaluation than that may still be missing its last records.
 *
 * @param latestRecord    the latest audit record time seen in the resource's workspace (or exported files) in the
 *                        window; null when none was seen
 * @param ingestionLag    how late records may arrive
 * @param windowWithinLag the window ends less than the lag before the evaluation
 */
public record EvidenceHorizon(Instant latestRecord, Duration ingestionLag, boolean windowWithinLag) {

    /** Key Vault audit records reach Log Analytics within about 10 minutes of the operation. */
    public static final Duration INGESTION_LAG = Duration.ofMinutes(10);

    public static EvidenceHorizon of(Instant latestRecord, Window window, Instant evaluatedAt) {
        return new EvidenceHorizon(latestRecord, INGESTION_LAG,
                window.to().isAfter(evaluatedAt.minus(INGESTION_LAG)));
    }

    /** The end of a sweep's window at {@code now}: at least the ingestion lag before it. */
    public static Instant sweepWindowEnd(Instant now) {
        return now.minus(INGESTION_LAG);
    }

    /** One sentence for a report. */
    public String describe() {
        String latest = latestRecord == null ? "no audit record seen in the window"
                : "latest audit record seen at " + latestRecord;
        return windowWithinLag ? latest + "; the window ends less than " + ingestionLag.toMinutes() + " minutes before"
                + " the evaluation, so its last records may still arrive" : latest;
    }
}
