package com.cmkverifier.functions;

import com.azure.storage.queue.models.QueueMessageItem;
import com.cmkverifier.application.Reaper;
import com.cmkverifier.application.VerdictLine;
import com.cmkverifier.state.Job;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12, under load on Azurite: counts of runs, messages and verdicts, never times. */
class LoadTest {

    static final int POSTS = 200;
    static final int WORKERS = 4;

    @TempDir
    Path dir;

    private static Map<String, Long> verdictsPerRun(TestApp app) {
        List<String> lines;
        synchronized (app.call.logged) {
            lines = new ArrayList<>(app.call.logged);
        }
        return lines.stream().filter(l -> l.startsWith(VerdictLine.PREFIX))
                .map(l -> l.replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void twoHundredConcurrentStartsMakeTwoHundredRunsEachEndingWithOneVerdict() throws Exception {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
        app.evidence.unwrap(VerificationFlowTest.KEY, VerificationFlowTest.PRINCIPAL, TestApp.T0.minusSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<FunctionCall.Response>> posts = new ArrayList<>();
            for (int i = 0; i < POSTS; i++) {
                posts.add(pool.submit(() -> {
                    FunctionCall call = new FunctionCall();
                    return FunctionCall.of(app.verifications.start(call.request(HttpMethod.POST, "/api/verifications",
                            "{\"resource\":\"stcmkdata\"}"), call.context));
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<FunctionCall.Response> f : posts) {
                assertEquals(202, f.get().code(), () -> String.valueOf(get(f).getBody()));
                ids.add(f.get().json().get("id").asText());
            }
            assertEquals(POSTS, ids.stream().distinct().count(), "200 distinct runs");
            assertEquals(POSTS, app.waiting(), "one message each");

            List<Future<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(pool.submit(app::deliverAll));
            }
            int delivered = 0;
            for (Future<Integer> f : workers) {
                delivered += f.get();
            }
            assertEquals(POSTS, delivered);

            Map<String, Long> verdicts = verdictsPerRun(app);
            assertEquals(POSTS, verdicts.size(), "every run has a verdict");
            assertTrue(verdicts.values().stream().allMatch(n -> n == 1), "each exactly one: " + verdicts);
            for (String id : ids) {
                FunctionCall.Response r = VerificationFlowTest.poll(app, id);
                assertEquals(200, r.code());
                assertEquals("VERIFIED", r.json().get("status").asText());
            }
            app.clock.advance(Duration.ofDays(1));
            assertEquals(new Reaper.Pass(0, 0, 0), app.context.reaper().reap(), "nothing was lost, past every grace");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoWorkersHandlingTheSameMessageAtOnceGiveOneVerdict() throws Exception {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");
        app.evidence.unwrap(VerificationFlowTest.KEY, VerificationFlowTest.PRINCIPAL, TestApp.T0.minusSeconds(60));
        QueueMessageItem m = app.next();
        String message = m.getBody().toString();
        assertTrue(Job.parse(message) instanceof Job.RunCheck);
        app.evidence.gate = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> both = List.of(pool.submit(() -> app.jobs.run(message, 1, app.call.context)),
                    pool.submit(() -> app.jobs.run(message, 1, app.call.context)));
            for (Future<?> f : both) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, app.evidence.logReads.get(), "the claim turned the second worker away before it checked");
        assertEquals(Map.of(id, 1L), verdictsPerRun(app), "one verdict");
        FunctionCall.Response r = VerificationFlowTest.poll(app, id);
        assertEquals("VERIFIED", r.json().get("status").asText());
        assertEquals(1, r.json().get("attempts").asInt(), "one check stored");
    }

    private static FunctionCall.Response get(Future<FunctionCall.Response> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
