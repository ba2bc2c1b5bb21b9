package com.cmkverifier.application.history;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.cmkverifier.application.FinalVerdict;
import com.cmkverifier.application.OutcomeStanding;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.KeyVersionReport;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.publish.loganalytics.IngestionBatches;
import com.cmkverifier.publish.loganalytics.IngestionSettings;
import com.cmkverifier.publish.loganalytics.LogsIngestion;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.HistoryOutbox;
import com.cmkverifier.state.Run;
import com.cmkverifier.state.RunStore;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeLogsIngestion;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Final verdicts into Log Analytics through the Logs Ingestion API (a local HTTPS fake) with the outbox on Azurite. */
class LogAnalyticsHistoryTest {

    static final Instant AT = Instant.parse("2026-11-20T06:00:00Z");
    private static final Predicate<Received> UPLOADS = r -> r.path().startsWith("/dataCollectionRules/");

    private FakeLogsIngestion fake;
    private static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);
    private HistoryOutbox outbox;
    private RunStore runs;
    private final DummyCredential credential = new DummyCredential();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private LogAnalyticsHistory history;

    @BeforeEach
    void start() throws Exception {
        fake = FakeLogsIngestion.start();
        TableServiceClient tables = new TableServiceClientBuilder().connectionString(Azurite.connection()).buildClient();
        outbox = new HistoryOutbox(tables.getTableClient(Azurite.uniqueName("history")),
                tables.getTableClient(Azurite.uniqueName("historydead")));
        runs = new RunStore(tables.getTableClient(Azurite.uniqueName("runs")));
        history = new LogAnalyticsHistory(outbox, ingestion(fake.endpoint()), new OutcomeStanding(runs), CLOCK);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private LogsIngestion ingestion(String endpoint) {
        IngestionSettings settings = new IngestionSettings(URI.create(endpoint), FakeLogsIngestion.RULE_ID,
                FakeLogsIngestion.STREAM, 3, Duration.ofMillis(10));
        return new LogsIngestion(settings, credential, WireServer.trustingClient());
    }

    /** A sweep's verdict with {@code padding} characters of finding text, to reach the request limit in tests. */
    static FinalVerdict verdict(String resource, VerdictStatus status, int padding) {
        Window window = Window.ending(AT, Duration.ofDays(1));
        List<Finding> findings = List.of(new Finding(FindingCode.KEY_USE_FAILING, "failing " + "x".repeat(padding),
                Map.of("failures", 18), "re-enable the key"));
        KeyVersionReport version = new KeyVersionReport("2f161342a197e14636287c68430763e5", false, AT.minusSeconds(864000),
                null, true, 63, AT.minusSeconds(3600), AT.minusSeconds(80000), 18, AT.minusSeconds(3000),
                AT.minusSeconds(600));
        Verdict v = new Verdict(resource, "Microsoft.DBforMySQL/flexibleServers",
                "https://kv-cmk-db.vault.azure.net/keys/mysql-cmk", window, status, findings, List.of(version));
        return new FinalVerdict(v, "sweep", null, "sweep-1", AT, "/subscriptions/0B8B5EBA-3389-3681-BA4C-36A98DA41C3D/"
                + "resourceGroups/rg/providers/Microsoft.DBforMySQL/flexibleServers/" + resource);
    }

    @Test
    void aVerdictTravelsAsAGzipRowOfTheTableWithAMonitorToken() {
        history.keep(List.of(verdict("mysql-orders", VerdictStatus.FAILED, 10)));
        history.sendPending(warnings::add);

        assertEquals(1, fake.server().count(UPLOADS));
        assertEquals(List.of(List.of("https://monitor.azure.com/.default")), credential.scopesRequested().subList(0, 1));
        JsonNode row = fake.rows().get(0);
        assertEquals("FAILED", row.path("Status").asText());
        assertEquals("sweep:sweep-1:mysql-orders", row.path("VerdictId").asText());
        assertEquals("0b8b5eba-3389-3681-ba4c-36a98da41c3d", row.path("SubscriptionId").asText());
        assertEquals("KEY_USE_FAILING", row.path("FindingCodes").get(0).asText());
        assertEquals(63, row.path("SuccessfulUses").asLong());
        assertEquals(18, row.path("FailedUses").asLong());
        assertEquals("re-enable the key", row.path("Verdict").path("findings").get(0).path("remediation").asText());
        assertEquals(0, outbox.pending(10).size(), "accepted rows leave the outbox");
        assertEquals(1, history.sent());
    }

    @Test
    void manyVerdictsGoInRequestsOfAtMostOneMegabyteEachVerdictOnce() {
        List<FinalVerdict> verdicts = IntStream.range(0, 600)
                .mapToObj(i -> verdict("db-" + i, VerdictStatus.FAILED, 3000)).toList();

        history.keep(verdicts);
        history.sendPending(warnings::add);

        long requests = fake.server().count(UPLOADS);
        assertTrue(requests >= 2, "2.2 MB of rows need several requests, got " + requests);
        assertTrue(fake.acceptedSizes().stream().allMatch(n -> n <= IngestionBatches.MAX_REQUEST_BYTES));
        List<String> ids = new ArrayList<>();
        fake.rows().forEach(r -> ids.add(r.path("VerdictId").asText()));
        assertEquals(600, ids.size());
        assertEquals(600, ids.stream().distinct().count());
        assertEquals(600, history.sent());
    }

    @Test
    void throttlingAndAnUnavailableServiceAreRetriedHonouringRetryAfter() {
        fake.server().failNext(UPLOADS, 1, Reply.throttled(0));
        fake.server().failNext(UPLOADS, 1, Reply.error(503, "ServiceUnavailable", "busy"));

        history.keep(List.of(verdict("mysql-orders", VerdictStatus.FAILED, 10)));
        history.sendPending(warnings::add);

        assertEquals(3, fake.server().count(UPLOADS));
        assertEquals(1, fake.rows().size());
        assertEquals(List.of(), warnings);
    }

    @Test
    void whileTheServiceIsDownVerdictsWaitInTheOutboxAndTheNextRetrySendsThemOnce() {
        fake.server().failNext(UPLOADS, 100, Reply.error(503, "ServiceUnavailable", "down"));
        List<FinalVerdict> verdicts = List.of(verdict("a", VerdictStatus.FAILED, 10),
                verdict("b", VerdictStatus.VERIFIED, 10));

        history.keep(verdicts);
        history.sendPending(warnings::add);

        assertEquals(4, fake.server().count(UPLOADS), "the first try and three retries");
        assertEquals(0, fake.rows().size());
        assertEquals(2, history.failed());
        assertEquals(1, warnings.size(), "one line per failed batch: " + warnings);
        assertTrue(warnings.get(0).contains("2 verdict(s)") && warnings.get(0).contains("kept for the next pass"));
        assertEquals(2, outbox.pending(10).size());

        fake.server().clearFaults();
        history.sendPending(warnings::add);
        history.sendPending(warnings::add);

        assertEquals(List.of("sweep:sweep-1:a", "sweep:sweep-1:b"),
                fake.rows().stream().map(r -> r.path("VerdictId").asText()).sorted().toList());
        assertEquals(0, outbox.pending(10).size());
    }

    @Test
    void aRefusedEndpointIsCountedNotThrown() {
        // Port 1 on loopback: nothing listens, every connection is refused.
        history = new LogAnalyticsHistory(outbox, ingestion("https://127.0.0.1:1"), new OutcomeStanding(runs), CLOCK);

        history.keep(List.of(verdict("a", VerdictStatus.FAILED, 10)));
        history.sendPending(warnings::add);

        assertEquals(1, history.failed());
        assertEquals(1, warnings.size());
        assertEquals(1, outbox.pending(10).size());
    }

    @Test
    void removingASentRowNeverRemovesANewerUnsentOneOfTheSameVerdict() {
        history.keep(List.of(verdict("a", VerdictStatus.FAILED, 10)));
        List<HistoryOutbox.Pending> sent = outbox.pending(10);
        // The shard is checked again while the first row is on its way: a newer row for the same VerdictId.
        history.keep(List.of(verdict("a", VerdictStatus.VERIFIED, 10)));

        outbox.remove(sent);

        List<HistoryOutbox.Pending> left = outbox.pending(10);
        assertEquals(1, left.size());
        assertEquals("sweep:sweep-1:a", left.get(0).id());
        assertTrue(left.get(0).json().contains("\"Status\":\"VERIFIED\""), left.get(0).json());
    }

    @Test
    void aRowTheServiceRefusesForGoodGoesToTheDeadLettersWithItsReasonAndStopsBlockingTheOthers() {
        outbox.add(Map.of("sweep:sweep-1:bad", "{\"TimeGenerated\":\"2026-11-20T06:00:00Z\",\"Unknown\":1}"));
        history.keep(List.of(verdict("a", VerdictStatus.FAILED, 10), verdict("b", VerdictStatus.VERIFIED, 10)));

        history.sendPending(warnings::add);

        assertEquals(List.of("sweep:sweep-1:a", "sweep:sweep-1:b"),
                fake.rows().stream().map(r -> r.path("VerdictId").asText()).sorted().toList());
        assertEquals(0, outbox.pending(10).size());
        List<HistoryOutbox.DeadLetter> dead = outbox.deadLetters();
        assertEquals(1, dead.size());
        assertEquals("sweep:sweep-1:bad", dead.get(0).id());
        assertTrue(dead.get(0).reason().contains("400"), dead.get(0).reason());
        assertEquals(AT, dead.get(0).at());
        assertEquals(1, warnings.size(), "one line for the dead letter: " + warnings);

        long requests = fake.server().count(UPLOADS);
        history.sendPending(warnings::add);
        assertEquals(requests, fake.server().count(UPLOADS), "nothing left to send, nothing resent");
    }

    @Test
    void aRunsRowIsSentOnlyOnceTheRunEndedWithItAndARacingLosersRowIsDropped() {
        Run pending = runs.create(Run.start(UUID.randomUUID().toString(), "a", null, Duration.ofMinutes(30), AT));
        FinalVerdict winner = run(pending.id(), VerdictStatus.VERIFIED, AT.plusSeconds(60));
        FinalVerdict loser = run(pending.id(), VerdictStatus.INCONCLUSIVE, AT.plusSeconds(61));
        history.keep(List.of(winner));
        history.keep(List.of(loser));

        history.sendPending(warnings::add);
        assertEquals(0, fake.rows().size(), "the run is still pending: its rows wait");
        assertEquals(2, outbox.pending(10).size());

        assertTrue(runs.replace(pending.concluded(AT.plusSeconds(60), VerdictStatus.VERIFIED, "{}", null)));
        history.sendPending(warnings::add);

        assertEquals(List.of("VERIFIED"), fake.rows().stream().map(r -> r.path("Status").asText()).toList());
        assertEquals(0, outbox.pending(10).size(), "the loser's row is dropped, not sent");
    }

    private static FinalVerdict run(String runId, VerdictStatus status, Instant at) {
        FinalVerdict v = verdict("a", status, 10);
        return new FinalVerdict(v.verdict(), "verification", runId, null, at, v.resourceId());
    }
}
