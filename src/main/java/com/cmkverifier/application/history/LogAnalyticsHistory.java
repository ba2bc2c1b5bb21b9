package com.cmkverifier.application.history;

import com.cmkverifier.application.FinalVerdict;
import com.cmkverifier.application.VerdictHistory;
import com.cmkverifier.publish.loganalytics.IngestionBatches;
import com.cmkverifier.publish.loganalytics.LogsIngestion;
import com.cmkverifier.state.HistoryOutbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Final verdicts into the Log Analytics table {@code CmkVerification_CL}, best effort: each verdict is kept in the
 * outbox first, then sent; a batch the service did not accept stays in the outbox for {@link #retryPending} and
 * is logged once, with its size and the cause. Nothing here throws to the caller or touches a verdict. A verdict
 * can arrive twice (accepted, then the outbox could not be cleared); {@code VerdictId} tells the copies apart.
 */
public final class LogAnalyticsHistory implements VerdictHistory {

    /** Pending rows one retry sends at most, so that a long outage cannot make one sweep's retry unbounded. */
    static final int MAX_RETRY_ROWS = 20_000;

    private final HistoryOutbox outbox;
    private final LogsIngestion ingestion;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public LogAnalyticsHistory(HistoryOutbox outbox, LogsIngestion ingestion) {
        this.outbox = outbox;
        this.ingestion = ingestion;
    }

    /** @param warn the invocation's log: a failed batch is reported there, one line per batch */
    @Override
    public void accept(List<FinalVerdict> verdicts, Consumer<String> warn) {
        if (verdicts.isEmpty()) {
            return;
        }
        Map<String, String> rows = new LinkedHashMap<>();
        verdicts.stream().map(HistoryRow::of).forEach(r -> rows.put(r.id(), r.json()));
        boolean kept = true;
        try {
            outbox.add(rows);
        } catch (RuntimeException e) {
            kept = false;
            warn.accept("CMKV_HISTORY could not keep " + rows.size() + " verdict(s) for a retry (" + cause(e)
                    + "); sending them once now");
        }
        send(rows, kept, warn);
    }

    @Override
    public void retryPending(Consumer<String> warn) {
        Map<String, String> rows;
        try {
            rows = outbox.pending(MAX_RETRY_ROWS);
        } catch (RuntimeException e) {
            warn.accept("CMKV_HISTORY could not read the pending verdicts (" + cause(e) + "); the next sweep retries");
            return;
        }
        send(rows, true, warn);
    }

    /** Verdicts the service accepted since start. */
    public long sent() {
        return sent.get();
    }

    /** Verdicts in batches the service did not accept since start (a verdict retried later counts again). */
    public long failed() {
        return failed.get();
    }

    private void send(Map<String, String> rows, boolean kept, Consumer<String> warn) {
        List<HistoryRow> all = rows.entrySet().stream().map(e -> new HistoryRow(e.getKey(), e.getValue())).toList();
        for (List<HistoryRow> batch : IngestionBatches.split(all, HistoryRow::json,
                IngestionBatches.MAX_REQUEST_BYTES)) {
            try {
                ingestion.upload(IngestionBatches.json(batch.stream().map(HistoryRow::json).toList()));
            } catch (RuntimeException e) {
                failed.addAndGet(batch.size());
                warn.accept("CMKV_HISTORY " + batch.size() + " verdict(s) not accepted by Log Analytics (" + cause(e)
                        + (kept ? "); kept for the next sweep" : "); not kept: they are lost to the history, the "
                        + "app's own runs and sweeps still hold them"));
                continue;
            }
            sent.addAndGet(batch.size());
            if (kept) {
                try {
                    outbox.remove(batch.stream().map(HistoryRow::id).toList());
                } catch (RuntimeException e) {
                    warn.accept("CMKV_HISTORY " + batch.size() + " verdict(s) sent but still marked pending ("
                            + cause(e) + "); the next sweep sends them again");
                }
            }
        }
    }

    private static String cause(RuntimeException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.substring(0, Math.min(m.length(), 300)));
    }
}
