package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.Reaper;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 12: the reaper timer re-drives runs and shards whose queue message was lost; re-driving is idempotent. */
class ReaperTest {

    @TempDir
    Path dir;

    private static Reaper.Pass reap(TestApp app) {
        return app.context.reaper().reap(app.call.context.getLogger()::info);
    }

    private static long verdictLines(TestApp app) {
        return app.call.logged.stream().filter(l -> l.startsWith("CMKV_VERDICT ")).count();
    }

    @Test
    void aRunWhoseMessageWasLostIsCheckedAgainAndEndsWithOneVerdict() {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");
        app.queue.clearMessages();
        app.evidence.unwrap(VerificationFlowTest.KEY, VerificationFlowTest.PRINCIPAL, TestApp.T0.plusSeconds(1));

        assertEquals(new Reaper.Pass(0, 0, 0), reap(app), "not overdue yet");
        app.clock.advance(Duration.ofMinutes(11));
        assertEquals(new Reaper.Pass(0, 1, 0), reap(app));
        assertEquals(1, app.deliverAll());

        FunctionCall.Response r = VerificationFlowTest.poll(app, id);
        assertEquals(200, r.code());
        assertEquals("VERIFIED", r.json().get("status").asText());
        assertEquals(1, verdictLines(app));
        assertEquals(new Reaper.Pass(0, 0, 0), reap(app), "nothing left to re-drive");
    }

    @Test
    void aMessageThatWasOnlyLateDoesNoHarmNextToItsReDrivenTwin() {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");
        app.evidence.unwrap(VerificationFlowTest.KEY, VerificationFlowTest.PRINCIPAL, TestApp.T0.plusSeconds(1));
        app.clock.advance(Duration.ofMinutes(11));
        assertEquals(1, reap(app).runsRedriven());

        assertEquals(2, app.deliverAll(), "the late original and the re-driven twin");
        assertEquals(1, app.evidence.logReads.get(), "only one of them checked");
        assertEquals(1, verdictLines(app));
        assertEquals("VERIFIED", VerificationFlowTest.poll(app, id).json().get("status").asText());
    }

    @Test
    void aPendingRunPastItsDeadlineIsEndedByTheReaperWithoutAPoll() {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\",\"timeout\":\"PT10M\"}");
        app.queue.clearMessages();
        app.clock.advance(Duration.ofMinutes(10));
        assertEquals(new Reaper.Pass(1, 0, 0), reap(app));
        assertEquals(new Reaper.Pass(0, 0, 0), reap(app), "ended once");
        assertEquals("INCONCLUSIVE", VerificationFlowTest.poll(app, id).json().get("status").asText());
    }

    @Test
    void shardsWhoseMessagesWereLostAreSentAgainOnceAndTheSweepCompletes(@TempDir Path registryDir) throws Exception {
        SweepTest sweeps = new SweepTest();
        sweeps.dir = registryDir;
        Path registry = sweeps.registry(40);
        List<String> keys = IntStream.range(0, 40).mapToObj(SweepTest::key).toList();
        TestApp app = new TestApp(dir, keys, Map.of(AppSettings.REGISTRY_SEED_FILE, registry.toString(),
                AppSettings.SHARD_SIZE, "5"));
        app.sweeps.sweep(String.format(SweepTest.TIMER, false), app.call.context);
        app.queue.clearMessages();

        app.clock.advance(Duration.ofMinutes(29));
        assertEquals(0, reap(app).shardsRedriven(), "a shard may wait its turn in a long queue");
        app.clock.advance(Duration.ofMinutes(2));
        assertEquals(8, reap(app).shardsRedriven());
        assertEquals(0, reap(app).shardsRedriven(), "not sent again while its re-driven message waits");
        assertEquals(8, app.deliverAll());

        JsonNode sweep = FunctionCall.of(app.sweeps.latest(app.call.request(HttpMethod.GET, "/api/sweeps/latest", null),
                app.call.context)).json();
        assertEquals("done", sweep.get("state").asText());
        assertEquals(40, sweep.at("/resources/done").asInt());
        app.clock.advance(Duration.ofHours(1));
        assertEquals(0, reap(app).shardsRedriven(), "done shards are never re-driven");
    }
}
