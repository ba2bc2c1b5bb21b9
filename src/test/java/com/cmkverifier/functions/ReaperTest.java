package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.Reaper;
import com.cmkverifier.state.Job;
import com.azure.storage.queue.models.QueueMessageItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 12: the reaper timer re-drives runs and shards whose queue message was lost; re-driving is idempotent. */
class ReaperTest {

    @TempDir
    Path dir;

    private static Reaper.Pass reap(TestApp app) {
        return app.context.reaper().reap();
    }

    private static long verdictLines(TestApp app) {
        return app.call.logged.stream().filter(l -> l.startsWith("CMKV_VERDICT ")).count();
    }

    @Test
    void aRunWhoseMessageWasLostIsCheckedAgainAndEndsWithOneVerdict() {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");
        app.clearQueues();
        app.evidence.unwrap(VerificationFlowTest.KEY, VerificationFlowTest.PRINCIPAL, TestApp.T0.plusSeconds(1));

        assertEquals(new Reaper.Pass(0, 0, 0), reap(app), "not overdue yet");
        app.clock.advance(Duration.ofMinutes(11));
        assertEquals(new Reaper.Pass(0, 1, 0), reap(app));
        app.clock.advance(Duration.ofMinutes(5));
        assertEquals(new Reaper.Pass(0, 0, 0), reap(app), "the next pass leaves the re-sent check alone");
        assertEquals(1, app.deliverAll());

        FunctionCall.Response r = VerificationFlowTest.poll(app, id);
        assertEquals(200, r.code());
        assertEquals("VERIFIED", r.json().get("status").asText());
        assertEquals(1, verdictLines(app));
        assertEquals(new Reaper.Pass(0, 0, 0), reap(app), "nothing left to re-drive");
    }

    @Test
    void aMessageThatWasOnlyLateDoesNoHarmNextToItsReDrivenTwinEvenAtOnce() throws Exception {
        TestApp app = new TestApp(dir, Map.of(AppSettings.RECHECK_DELAY, "PT5M"));
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");
        app.clock.advance(Duration.ofMinutes(11));
        assertEquals(1, reap(app).runsRedriven());
        QueueMessageItem late = app.next();
        QueueMessageItem twin = app.next();
        assertEquals(late.getBody().toString(), twin.getBody().toString(), "the same check, twice");

        // Both copies in two workers at once; each would wait inside the check for the other.
        app.evidence.gate = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> both = List.of(
                    pool.submit(() -> app.jobs.run(late.getBody().toString(), 1, app.call.context)),
                    pool.submit(() -> app.jobs.run(twin.getBody().toString(), 1, app.call.context)));
            for (Future<?> f : both) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        app.delete(late);
        app.delete(twin);
        assertEquals(1, app.evidence.logReads.get(), "only one of them checked");
        assertEquals(1, app.waiting(), "and only one next check is queued");
        assertEquals(1, VerificationFlowTest.poll(app, id).json().get("attempts").asInt());
        assertEquals(1, app.call.logged.stream().filter(l -> l.contains("dropped a duplicate delivery")).count());
    }

    @Test
    void aPendingRunPastItsDeadlineIsEndedByTheReaperWithoutAPoll() {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\",\"timeout\":\"PT10M\"}");
        app.clearQueues();
        app.clock.advance(Duration.ofMinutes(10));
        assertEquals(new Reaper.Pass(0, 1, 0), reap(app), "the lost first check is sent again");
        app.clearQueues();
        app.clock.advance(Duration.ofMinutes(9));
        assertEquals(new Reaper.Pass(0, 0, 0), reap(app), "its message may still come within the grace");
        app.clock.advance(Duration.ofMinutes(1));
        assertEquals(new Reaper.Pass(1, 0, 0), reap(app));
        app.clock.advance(Duration.ofHours(1));
        assertEquals(new Reaper.Pass(0, 0, 0), reap(app), "ended once");
        assertEquals("INCONCLUSIVE", VerificationFlowTest.poll(app, id).json().get("status").asText());
    }

    /** An app whose registry holds {@code n} resources in shards of 5, right after the sweep timer fired. */
    static TestApp swept(Path evidenceDir, Path registryDir, int n) throws IOException {
        SweepTest sweeps = new SweepTest();
        sweeps.dir = registryDir;
        List<String> keys = IntStream.range(0, n).mapToObj(SweepTest::key).toList();
        TestApp app = new TestApp(evidenceDir, keys, Map.of(AppSettings.REGISTRY_SEED_FILE,
                sweeps.registry(n).toString(), AppSettings.SHARD_SIZE, "5"));
        app.sweeps.sweep(String.format(SweepTest.TIMER, false), app.call.context);
        return app;
    }

    @Test
    void shardsWhoseMessagesWereLostAreSentAgainOnceAndTheSweepCompletes(@TempDir Path registryDir) throws Exception {
        TestApp app = swept(dir, registryDir, 40);
        app.clearQueues();

        app.clock.advance(Duration.ofMinutes(29));
        assertEquals(0, reap(app).shardsRedriven(), "a shard may wait its turn in a long queue");
        app.clock.advance(Duration.ofMinutes(2));
        assertEquals(8, reap(app).shardsRedriven());
        app.clock.advance(Duration.ofMinutes(5));
        assertEquals(0, reap(app).shardsRedriven(), "the next pass does not send them again while they wait");
        assertEquals(8, app.deliverAll());

        JsonNode sweep = FunctionCall.of(app.sweeps.latest(app.call.request(HttpMethod.GET, "/api/sweeps/latest", null),
                app.call.context)).json();
        assertEquals("done", sweep.get("state").asText());
        assertEquals(40, sweep.at("/resources/done").asInt());
        app.clock.advance(Duration.ofHours(1));
        assertEquals(0, reap(app).shardsRedriven(), "done shards are never re-driven");
    }

    @Test
    void aVerificationStartedDuringASweepIsCheckedFirstOnItsOwnQueue(@TempDir Path registryDir) throws Exception {
        TestApp app = swept(dir, registryDir, 40);
        String id = VerificationFlowTest.start(app, "{\"resource\":\"st0000\"}");

        QueueMessageItem first = app.runsQueue.receiveMessage();
        assertEquals(new Job.RunCheck(id, 1), Job.parse(first.getBody().toString()), "the run's check, not a shard");
        app.jobs.check(first.getBody().toString(), first.getDequeueCount(), app.call.context);
        app.runsQueue.deleteMessage(first.getMessageId(), first.getPopReceipt());
        assertEquals(8, app.queue.getProperties().getApproximateMessagesCount(), "the sweep's shards still wait");
        assertEquals(1, VerificationFlowTest.poll(app, id).json().get("attempts").asInt());
    }
}
