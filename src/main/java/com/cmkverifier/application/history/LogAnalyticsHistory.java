package com.cmkverifier.application.history;

import com.cmkverifier.application.FinalVerdict;
import com.cmkverifier.application.OutcomeStanding;
import com.cmkverifier.application.VerdictHistory;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.publish.loganalytics.IngestionBatches;
import com.cmkverifier.publish.loganalytics.LogsIngestion;
import com.cmkverifier.state.HistoryOutbox;
import com.azure.core.exception.HttpResponseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Final verdicts into the Log Analytics table {@code CmkVerification_CL}: each verdict is kept in the outbox
 * before its final write ({@link #keep}), and sent later by {@link #sendPending}, which its own timer calls,
 * outside every run and shard. A batch the service did not accept now stays in the outbox and is logged once,
 * with its size and the cause; the pass then stops, so that an outage costs one batch's retries, not the whole
 * backlog's. A row the service refuses for good (400 or 413, sent alone) moves to the dead
 * letters with the reason and stops blocking the others. A verdict can arrive twice (accepted, then the outbox
 * could not be cleared); {@code VerdictId} tells the copies apart.
 */
public final class LogAnalyticsHistory implements VerdictHistory {

    /** Pending rows one pass sends at most, so that a long outage cannot make one pass unbounded. */
    static final int MAX_PASS_ROWS = 20_000;

    private final HistoryOutbox outbox;
    private final LogsIngestion ingestion;
    private final OutcomeStanding standing;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public LogAnalyticsHistory(HistoryOutbox outbox, LogsIngestion ingestion, OutcomeStanding standing, Clock clock) {
        this.outbox = outbox;
        this.ingestion = ingestion;
        this.standing = standing;
        this.clock = clock;
    }

    @Override
    public void keep(List<FinalVerdict> verdicts) {
        Map<String, String> rows = new LinkedHashMap<>();
        verdicts.stream().map(HistoryRow::of).forEach(r -> rows.put(r.id(), r.json()));
        outbox.add(rows);
    }

    /** @param warn the timer's log: a failed batch is reported there, one line per batch */
    @Override
    public void sendPending(Consumer<String> warn) {
        List<HistoryOutbox.Pending> rows;
        try {
            rows = outbox.pending(MAX_PASS_ROWS);
        } catch (RuntimeException e) {
            warn.accept("CMKV_HISTORY could not read the pending verdicts (" + cause(e) + "); the next pass retries");
            return;
        }
        List<HistoryOutbox.Pending> ready = new ArrayList<>();
        List<HistoryOutbox.Pending> stale = new ArrayList<>();
        for (HistoryOutbox.Pending p : rows) {
            switch (decide(p)) {
                case SEND -> ready.add(p);
                case DROP -> stale.add(p);
                case WAIT -> { }
            }
        }
        outbox.remove(stale);
        for (List<HistoryOutbox.Pending> batch : IngestionBatches.split(ready, HistoryOutbox.Pending::json,
                IngestionBatches.MAX_REQUEST_BYTES)) {
            if (!send(batch, warn)) {
                return;
            }
        }
    }

    /** Verdicts the service accepted since start. */
    public long sent() {
        return sent.get();
    }

    /** Verdicts in batches the service did not accept since start (a verdict retried later counts again). */
    public long failed() {
        return failed.get();
    }

    private OutcomeStanding.Decision decide(HistoryOutbox.Pending p) {
        try {
            JsonNode row = Jackson.MAPPER.readTree(p.json());
            // Only a verification's row names a run whose ending can outdate it; a rotation's names its key.
            boolean ofRun = "verification".equals(row.path("Trigger").asText()) && row.path("RunId").isTextual();
            return standing.of(ofRun ? row.path("RunId").asText() : null,
                    row.path("Status").asText(), Instant.parse(row.path("TimeGenerated").asText()));
        } catch (JsonProcessingException | RuntimeException e) {
            // Not a row this app wrote: the service would refuse it too.
            return OutcomeStanding.Decision.SEND;
        }
    }

    /** @return false when the pass should stop: the service is failing now */
    private boolean send(List<HistoryOutbox.Pending> batch, Consumer<String> warn) {
        try {
            ingestion.upload(IngestionBatches.json(batch.stream().map(HistoryOutbox.Pending::json).toList()));
        } catch (RuntimeException e) {
            if (!refusedForGood(e)) {
                failed.addAndGet(batch.size());
                warn.accept("CMKV_HISTORY " + batch.size() + " verdict(s) not accepted by Log Analytics (" + cause(e)
                        + "); kept for the next pass");
                return false;
            }
            if (batch.size() > 1) {
                // Find the row the service refuses: each alone, so that the others still go.
                for (HistoryOutbox.Pending p : batch) {
                    if (!send(List.of(p), warn)) {
                        return false;
                    }
                }
                return true;
            }
            failed.incrementAndGet();
            warn.accept("CMKV_HISTORY verdict " + batch.get(0).id() + " refused by Log Analytics (" + cause(e)
                    + "); moved to the dead letters");
            outbox.deadLetter(batch.get(0), cause(e), clock.instant());
            return true;
        }
        sent.addAndGet(batch.size());
        try {
            outbox.remove(batch);
        } catch (RuntimeException e) {
            warn.accept("CMKV_HISTORY " + batch.size() + " verdict(s) sent but still marked pending ("
                    + cause(e) + "); the next pass sends them again");
        }
        return true;
    }

    /**
     * Refused for good: 400 (a row that does not fit the stream's columns) and 413 (over the 1 MB request limit),
     * which the same row gets again on every try. 401, 403 and 404 are the app's settings or role, and 408, 429
     * and 5xx transient (the pipeline retried them already): those rows wait for the next pass.
     */
    private static boolean refusedForGood(RuntimeException e) {
        if (!(e instanceof HttpResponseException h) || h.getResponse() == null) {
            return false;
        }
        int status = h.getResponse().getStatusCode();
        return status == 400 || status == 413;
    }

    private static String cause(RuntimeException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.substring(0, Math.min(m.length(), 300)));
    }
}
