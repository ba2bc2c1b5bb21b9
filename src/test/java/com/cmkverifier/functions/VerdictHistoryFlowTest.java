package com.cmkverifier.functions;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.VerdictLine;
import com.cmkverifier.publish.loganalytics.IngestionSettings;
import com.cmkverifier.publish.loganalytics.LogsIngestion;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeLogsIngestion;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nightly sweep on Azurite with the history on and Logs Ingestion answered by a local fake: every final
 * verdict reaches the table once, through throttling and an outage, and the verdicts never depend on it.
 */
class VerdictHistoryFlowTest {

    private static final int RESOURCES = 12;
    private static final int WITH_USE = 5;
    private static final Predicate<Received> UPLOADS = r -> r.path().startsWith("/dataCollectionRules/");
    private static final String NEXT_NIGHT = SweepTest.TIMER.replace("2025-03-01T02:00:00", "2025-03-02T02:00:00");

    @TempDir
    Path dir;
    private FakeLogsIngestion fake;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        fake = FakeLogsIngestion.start();
        DummyCredential credential = new DummyCredential();
        SweepTest sweeps = new SweepTest();
        sweeps.dir = dir;
        // Production accepts only Azure Monitor hosts; the test sends the same client to the fake on loopback.
        app = new TestApp(dir, IntStream.range(0, RESOURCES).mapToObj(SweepTest::key).toList(), Map.of(
                AppSettings.REGISTRY_SEED_FILE, sweeps.registry(RESOURCES).toString(),
                AppSettings.HISTORY_ENDPOINT, "https://dce-cmkv-test.westeurope-1.ingest.monitor.azure.com",
                AppSettings.HISTORY_RULE_ID, FakeLogsIngestion.RULE_ID),
                s -> new LogsIngestion(new IngestionSettings(URI.create(fake.endpoint()), s.ruleId(), s.stream(),
                        s.maxRetries(), Duration.ofMillis(10)), credential, WireServer.trustingClient()));
        for (int i = 0; i < WITH_USE; i++) {
            app.evidence.unwrap(SweepTest.key(i), SweepTest.principal(i), TestApp.T0.minusSeconds(3600));
        }
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private void sweep(String timer) {
        app.sweeps.sweep(String.format(timer, false), app.call.context);
        app.deliverAll();
        sendHistory();
    }

    /** The history timer's firing: the only place rows are uploaded. */
    private void sendHistory() {
        app.jobs.sendHistory("{}", app.call.context);
    }

    private long verdictLines(String resource, String status) {
        return app.call.logged.stream().filter(l -> l.startsWith(VerdictLine.PREFIX))
                .filter(l -> l.contains("\"resource\":\"" + resource + "\"") && l.contains("\"status\":\"" + status + "\""))
                .count();
    }

    private List<JsonNode> rowsOf(String resource) {
        return fake.rows().stream().filter(r -> r.path("Resource").asText().equals(resource)).toList();
    }

    private Map<String, String> latestStatuses() {
        JsonNode sweep = FunctionCall.of(app.sweeps.latest(app.call.request(HttpMethod.GET, "/api/sweeps/latest",
                null), app.call.context)).json();
        assertEquals("done", sweep.get("state").asText());
        Map<String, String> statuses = new TreeMap<>();
        sweep.get("results").forEach(r -> statuses.put(r.get("resource").asText(), r.get("status").asText()));
        return statuses;
    }

    private Map<String, String> expectedStatuses() {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < RESOURCES; i++) {
            m.put(String.format("st%04d", i), i < WITH_USE ? "VERIFIED" : "INCONCLUSIVE");
        }
        return m;
    }

    /** How many rows the table received per verdict id of the given sweep. */
    private Map<String, Long> rowsPerVerdict(String sweepId) {
        return fake.rows().stream().filter(r -> r.path("SweepId").asText().equals(sweepId))
                .collect(Collectors.groupingBy(r -> r.path("VerdictId").asText(), TreeMap::new, Collectors.counting()));
    }

    @Test
    void aSweepSendsEveryVerdictOnceThroughThrottlingAndAnUnavailableService() {
        fake.server().failNext(UPLOADS, 1, Reply.throttled(0));
        fake.server().failNext(UPLOADS, 1, Reply.error(503, "ServiceUnavailable", "busy"));

        sweep(SweepTest.TIMER);

        Map<String, Long> sent = rowsPerVerdict("sweep-20250301T0200Z");
        assertEquals(RESOURCES, sent.size());
        assertEquals(List.of(1L), sent.values().stream().distinct().toList(), "each verdict once");
        assertEquals(3, fake.server().count(UPLOADS), "one request for the timer's pass, two retried");
        assertEquals(expectedStatuses(), latestStatuses());
        assertEquals("VERIFIED", fake.rows().stream().filter(r -> r.path("Resource").asText().equals("st0000"))
                .findFirst().orElseThrow().path("Status").asText());
    }

    @Test
    void whileLogAnalyticsIsDownVerdictsAreUntouchedAndTheNextSweepSendsThemOnce() {
        fake.server().failNext(UPLOADS, 1000, Reply.error(503, "ServiceUnavailable", "down"));

        sweep(SweepTest.TIMER);

        assertEquals(expectedStatuses(), latestStatuses(), "the sweep's verdicts do not depend on the history");
        assertEquals(0, fake.rows().size());

        fake.server().clearFaults();
        sweep(NEXT_NIGHT);

        Map<String, Long> first = rowsPerVerdict("sweep-20250301T0200Z");
        assertEquals(RESOURCES, first.size(), "the first night's verdicts, sent by the next pass");
        assertEquals(List.of(1L), first.values().stream().distinct().toList());
        assertEquals(RESOURCES, rowsPerVerdict("sweep-20250302T0200Z").size());
    }

    @Test
    void noShardAndNoSweepFiringWaitsOnLogAnalyticsTheHistoryTimerSendsInstead() {
        fake.server().failNext(UPLOADS, 1000, Reply.error(503, "ServiceUnavailable", "down"));

        app.sweeps.sweep(String.format(SweepTest.TIMER, false), app.call.context);
        app.deliverAll();
        app.sweeps.sweep(String.format(NEXT_NIGHT, false), app.call.context);

        assertEquals(0, fake.server().count(UPLOADS), "shards and firings only keep rows; none uploads");
        sendHistory();
        assertEquals(4, fake.server().count(UPLOADS), "one batch, its three retries, then the pass stops");
    }

    @Test
    void aPoisonedShardEndsInTheHistoryAndTheAlertsSoLastNightsVerifiedIsNoLongerTheLatest() {
        sweep(SweepTest.TIMER);
        assertEquals("VERIFIED", rowsOf("st0000").get(0).path("Status").asText());

        app.sweeps.sweep(String.format(NEXT_NIGHT, false), app.call.context);
        for (var m = app.next(); m != null; m = app.next()) {
            app.jobs.poisoned(m.getBody().toString(), app.call.context);
            app.queue.deleteMessage(m.getMessageId(), m.getPopReceipt());
        }
        sendHistory();

        List<JsonNode> rows = rowsOf("st0000");
        assertEquals(2, rows.size());
        JsonNode poisoned = rows.stream().filter(r -> r.path("SweepId").asText().equals("sweep-20250302T0200Z"))
                .findFirst().orElseThrow();
        assertEquals("INCONCLUSIVE", poisoned.path("Status").asText());
        assertEquals("SOURCE_INCOMPLETE", poisoned.path("FindingCodes").get(0).asText());
        assertTrue(poisoned.path("Verdict").toString().contains("poison queue"), poisoned.toString());
        assertEquals(RESOURCES, rowsPerVerdict("sweep-20250302T0200Z").size(), "every resource of the night");
        assertEquals(1, verdictLines("st0000", "INCONCLUSIVE"), "one alert line for the poisoned night");
    }

    @Test
    void aPoisonConclusionNeverOverwritesResultsTheShardAlreadyRecorded() {
        app.sweeps.sweep(String.format(SweepTest.TIMER, false), app.call.context);
        // Each shard's worker records its results, then is killed while logging (before marking the shard done).
        FunctionCall dying = new FunctionCall(0);
        List<String> messages = new java.util.ArrayList<>();
        for (var m = app.next(); m != null; m = app.next()) {
            String body = m.getBody().toString();
            messages.add(body);
            try {
                app.jobs.run(body, 1, dying.context);
            } catch (RuntimeException killed) {
                // the host restarted the worker
            }
            app.queue.deleteMessage(m.getMessageId(), m.getPopReceipt());
        }
        // ... and after its retries the message lands in the poison queue.
        messages.forEach(body -> app.jobs.poisoned(body, app.call.context));
        sendHistory();

        assertEquals(expectedStatuses(), latestStatuses(), "the recorded verdicts stand");
        assertEquals(0, fake.rows().stream().filter(r -> r.path("Verdict").toString().contains("poison")).count());
        assertEquals(RESOURCES, rowsPerVerdict("sweep-20250301T0200Z").size());
    }

    @Test
    void aRunThatExpiresReachesTheHistoryAndTheAlerts() {
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\",\"timeout\":\"PT10M\"}");
        app.runsQueue.clearMessages();
        // Past the deadline and the grace its last check's message has to arrive: nothing can decide it any more.
        app.clock.advance(Duration.ofMinutes(21));

        assertEquals("INCONCLUSIVE", VerificationFlowTest.poll(app, id).json().get("status").asText());
        sendHistory();

        List<JsonNode> rows = rowsOf("stcmkdata");
        assertEquals(1, rows.size());
        assertEquals(id, rows.get(0).path("RunId").asText());
        assertEquals("INCONCLUSIVE", rows.get(0).path("Status").asText());
        assertEquals("Microsoft.Storage/storageAccounts", rows.get(0).path("ResourceType").asText());
        assertEquals(1, verdictLines("stcmkdata", "INCONCLUSIVE"));
    }

    @Test
    void aRunIsNeverFinalWithoutItsHistoryRow() {
        String id = VerificationFlowTest.start(app, "{\"resource\":\"st0000\"}");
        fake.server().failNext(UPLOADS, 1000, Reply.error(503, "ServiceUnavailable", "down"));
        TableClient outbox = new TableServiceClientBuilder().connectionString(Azurite.connection()).buildClient()
                .getTableClient(app.env.get(AppSettings.TABLE_PREFIX) + "history");
        outbox.deleteTable();

        var m = app.next();
        assertThrows(RuntimeException.class, () -> app.jobs.run(m.getBody().toString(), 1, app.call.context),
                "no row kept: no final write either; the queue delivers the message again");
        assertEquals("PENDING", VerificationFlowTest.poll(app, id).json().get("status").asText());

        outbox.createTable();
        fake.server().clearFaults();
        app.jobs.run(m.getBody().toString(), 2, app.call.context);
        sendHistory();
        assertEquals("VERIFIED", VerificationFlowTest.poll(app, id).json().get("status").asText());
        assertEquals(List.of("VERIFIED"), fake.rows().stream().filter(r -> r.path("RunId").asText().equals(id))
                .map(r -> r.path("Status").asText()).toList());
    }
}
