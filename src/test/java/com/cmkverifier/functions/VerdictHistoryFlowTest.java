package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.publish.loganalytics.IngestionSettings;
import com.cmkverifier.publish.loganalytics.LogsIngestion;
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
        assertEquals(SweepTest.WORKSPACES + 2, fake.server().count(UPLOADS), "one request per shard, two retried");
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
        assertEquals(RESOURCES, first.size(), "the first night's verdicts, sent by the next sweep");
        assertEquals(List.of(1L), first.values().stream().distinct().toList());
        assertEquals(RESOURCES, rowsPerVerdict("sweep-20250302T0200Z").size());
    }
}
