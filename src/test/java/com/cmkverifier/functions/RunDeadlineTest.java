package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.Reaper;
import com.cmkverifier.state.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 point 1: the last check is due at the deadline and Logic Apps polls at Retry-After, while queue
 * delivery plus one Logs query may take longer. A check in flight decides the run; no poll or reaper pass ends
 * it meanwhile, and a verdict that cannot be stored is said, never dropped silently.
 */
class RunDeadlineTest {

    @TempDir
    Path dir;

    private static long verdictLines(TestApp app) {
        return app.call.logged.stream().filter(l -> l.startsWith("CMKV_VERDICT ")).count();
    }

    /** A run of ten minutes whose first check found nothing; the key's use lands before its last check. */
    private static String runAwaitingItsLastCheck(TestApp app) {
        VerificationFlowTest.register(app, "stcmkdata");
        String id = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\",\"timeout\":\"PT10M\"}");
        app.jobs.run(VerificationFlowTest.take(app), 1, app.call.context);
        app.clock.advance(Duration.ofMinutes(10));
        app.evidence.unwrap(VerificationFlowTest.KEY, VerificationFlowTest.PRINCIPAL, TestApp.T0.plusSeconds(1));
        return id;
    }

    @Test
    void aCheckInFlightAtTheDeadlineDecidesTheRunWhateverPollsAndReaperPassesMeanwhile() {
        TestApp app = new TestApp(dir, Map.of(AppSettings.RECHECK_DELAY, "PT5M"));
        String id = runAwaitingItsLastCheck(app);
        List<FunctionCall.Response> polls = new ArrayList<>();
        List<Reaper.Pass> passes = new ArrayList<>();
        app.evidence.duringRead = () -> {
            app.clock.advance(Duration.ofSeconds(20)); // delivered and querying past Retry-After (next check + 15 s)
            polls.add(VerificationFlowTest.poll(app, id));
            app.clock.advance(Duration.ofMinutes(15)); // and past the grace for the last check's message
            polls.add(VerificationFlowTest.poll(app, id));
            passes.add(app.context.reaper().reap());
        };
        app.jobs.run(new Job.RunCheck(id, 2).toJson(), 1, app.call.context);
        app.evidence.duringRead = null;

        assertEquals(List.of(202, 202), polls.stream().map(FunctionCall.Response::code).toList(),
                "no poll ends a run whose check is in flight");
        assertEquals(List.of(new Reaper.Pass(0, 0, 0)), passes, "nor does the reaper");
        FunctionCall.Response r = VerificationFlowTest.poll(app, id);
        assertEquals(200, r.code());
        assertEquals("VERIFIED", r.json().get("status").asText(), r.json().toString());
        assertEquals(2, r.json().get("attempts").asInt());
        assertTrue(r.json().get("reason").isNull());
        assertEquals(1, verdictLines(app));

        app.clock.advance(Duration.ofHours(2));
        assertEquals(new Reaper.Pass(0, 0, 0), app.context.reaper().reap(), "past every grace: nothing left");
        assertEquals(r.json(), VerificationFlowTest.poll(app, id).json());
    }

    @Test
    void aVerdictThatCannotBeStoredIsLoggedWithWhatWasStoredInstead() {
        TestApp app = new TestApp(dir, Map.of(AppSettings.RECHECK_DELAY, "PT5M"));
        String id = runAwaitingItsLastCheck(app);
        List<FunctionCall.Response> polls = new ArrayList<>();
        app.evidence.duringRead = () -> {
            app.clock.advance(Duration.ofMinutes(31)); // past the claim: the host would have ended this execution
            polls.add(VerificationFlowTest.poll(app, id));
        };
        app.jobs.run(new Job.RunCheck(id, 2).toJson(), 1, app.call.context);
        app.evidence.duringRead = null;

        assertEquals(200, polls.get(0).code(), "once the claim lapsed the run could end");
        assertEquals("INCONCLUSIVE", VerificationFlowTest.poll(app, id).json().get("status").asText());
        assertEquals(0, verdictLines(app));
        List<String> said = app.call.logged.stream().filter(l -> l.contains("was not stored")).toList();
        assertEquals(1, said.size(), app.call.logged.toString());
        assertTrue(said.get(0).contains("run " + id + " check 2: its verdict VERIFIED was not stored"), said.get(0));
        assertTrue(said.get(0).contains("stored: done INCONCLUSIVE"), said.get(0));
    }

    @Test
    void aCheckThatThrowsReleasesItsClaimSoThatTheQueuesNextTryChecks() {
        TestApp app = new TestApp(dir, Map.of(AppSettings.RECHECK_DELAY, "PT5M"));
        String id = runAwaitingItsLastCheck(app);
        String message = new Job.RunCheck(id, 2).toJson();
        app.evidence.failing = true;
        try {
            app.jobs.run(message, 1, app.call.context);
        } catch (IllegalStateException expected) {
            // left to the queue's retries
        }
        app.evidence.failing = false;
        app.jobs.run(message, 2, app.call.context);
        FunctionCall.Response r = VerificationFlowTest.poll(app, id);
        assertEquals("VERIFIED", r.json().get("status").asText(), r.json().toString());
        assertNull(r.json().get("nextCheckAt").textValue());
    }
}
