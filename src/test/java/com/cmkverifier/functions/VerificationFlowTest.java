package com.cmkverifier.functions;

import com.cmkverifier.application.JobWorker;
import com.cmkverifier.application.AppSettings;
import com.azure.storage.queue.models.QueueMessageItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec section 8: a run stays pending while evidence may still arrive, re-checked until it concludes. */
class VerificationFlowTest {

    @TempDir
    Path dir;

    static final String PRINCIPAL = "11111111-2222-3333-4444-555555555555";
    static final String KEY = "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk";

    static void register(TestApp app, String name) {
        String entry = "{\"type\":\"Microsoft.Storage/storageAccounts\",\"key\":\"" + KEY
                + "\",\"identity\":{\"principalId\":\"" + PRINCIPAL + "\"}}";
        FunctionCall.Response r = FunctionCall.of(app.resources.put(
                app.call.request(HttpMethod.PUT, "/api/resources/" + name, entry), name, app.call.context));
        assertEquals(201, r.code(), () -> String.valueOf(r.getBody()));
    }

    static String start(TestApp app, String body) {
        FunctionCall.Response r = FunctionCall.of(app.verifications.start(
                app.call.request(HttpMethod.POST, "/api/verifications", body), app.call.context));
        assertEquals(202, r.code(), () -> String.valueOf(r.getBody()));
        return r.json().get("id").asText();
    }

    static FunctionCall.Response poll(TestApp app, String id) {
        return FunctionCall.of(app.verifications.get(
                app.call.request(HttpMethod.GET, "/api/verifications/" + id, null), id, app.call.context));
    }

    @Test
    void startingAVerificationAnswers202WithLocationAndRetryAfter() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata");
        FunctionCall.Response r = FunctionCall.of(app.verifications.start(app.call.request(HttpMethod.POST,
                "/api/verifications", "{\"resource\":\"stcmkdata\"}"), app.call.context));
        assertEquals(202, r.code());
        assertEquals("https://cmkv.example.net/api/verifications/" + r.json().get("id").asText(), r.getHeader("Location"));
        assertTrue(Long.parseLong(r.getHeader("Retry-After")) > 0);
        assertEquals("PENDING", r.json().get("status").asText());
        assertEquals(1, app.waiting());
    }

    @Test
    void theLocationKeepsTheCallersCodeSoThatLogicAppsPollingStaysAuthorised() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata");
        FunctionCall.Response r = FunctionCall.of(app.verifications.start(app.call.request(HttpMethod.POST,
                "/api/verifications?code=k3y%2Fpart", "{\"resource\":\"stcmkdata\"}"), app.call.context));
        String id = r.json().get("id").asText();
        assertEquals("https://cmkv.example.net/api/verifications/" + id + "?code=k3y%2Fpart", r.getHeader("Location"));
        FunctionCall.Response pending = FunctionCall.of(app.verifications.get(app.call.request(HttpMethod.GET,
                "/api/verifications/" + id + "?code=k3y%2Fpart", null), id, app.call.context));
        assertEquals(r.getHeader("Location"), pending.getHeader("Location"));
    }

    @Test
    void aRunStaysPendingWhileNoAuditRecordHasArrived() {
        TestApp app = new TestApp(dir, Map.of(AppSettings.RECHECK_DELAY, "PT5M"));
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\"}");
        assertEquals(1, app.deliverAll());
        FunctionCall.Response r = poll(app, id);
        assertEquals(202, r.code());
        assertEquals("pending", r.json().get("state").asText());
        assertEquals("INCONCLUSIVE", r.json().get("lastStatus").asText());
        assertEquals(1, r.json().get("attempts").asInt());
        assertNotNull(r.getHeader("Retry-After"));
        assertEquals(1, app.waiting(), "the re-check is queued");
        assertEquals(null, app.next(), "and stays invisible for the re-check delay");
    }

    @Test
    void aRunIsVerifiedOnceTheResourcesKeyUseLands() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\"}");
        app.jobs.run(take(app), 1, app.call.context);
        assertEquals(202, poll(app, id).code());
        app.evidence.unwrap(KEY, PRINCIPAL, TestApp.T0.plusSeconds(1));
        app.clock.advance(Duration.ofMinutes(5));
        assertEquals(1, app.deliverAll());
        FunctionCall.Response r = poll(app, id);
        assertEquals(200, r.code());
        assertEquals("VERIFIED", r.json().get("status").asText());
        assertEquals("KEY_USE_CONFIRMED", r.json().at("/verdict/findings/0/code").asText());
        assertEquals(0, app.waiting(), "a concluded run queues nothing more");
        List<String> verdictLines = app.call.logged.stream().filter(l -> l.startsWith("CMKV_VERDICT ")).toList();
        assertEquals(1, verdictLines.size(), "one trace line per final verdict, none for interim ones");
        JsonNode line = StoredJson.parse(verdictLines.get(0).substring("CMKV_VERDICT ".length()));
        assertEquals("stcmkdata", line.get("resource").asText());
        assertEquals("VERIFIED", line.get("status").asText());
        assertEquals(id, line.get("runId").asText());
    }

    @Test
    void aDuplicateMessageChangesNothing() {
        TestApp app = new TestApp(dir, Map.of(AppSettings.RECHECK_DELAY, "PT5M"));
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\"}");
        String message = take(app);
        app.jobs.run(message, 1, app.call.context);
        JsonNode before = poll(app, id).json();
        app.jobs.run(message, 2, app.call.context);
        assertEquals(before, poll(app, id).json());
        assertEquals(1, app.waiting(), "only one re-check is queued");
        assertEquals(1, app.evidence.logReads.get(), "the duplicate did not verify again");
    }

    @Test
    void aJobThatKeepsFailingEndsItsRunInconclusiveWithAReason() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\"}");
        String message = take(app);
        app.evidence.failing = true;
        assertThrows(IllegalStateException.class, () -> app.jobs.run(message, 1, app.call.context),
                "early failures are left to the queue's retries");
        assertEquals(202, poll(app, id).code());
        app.jobs.run(message, JobWorker.MAX_DEQUEUE_COUNT, app.call.context);
        FunctionCall.Response r = poll(app, id);
        assertEquals(200, r.code());
        assertEquals("INCONCLUSIVE", r.json().get("status").asText());
        assertTrue(r.json().get("reason").asText().contains("failed on all"));
    }

    @Test
    void aPoisonedMessageEndsItsRunInconclusiveWithAReason() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\"}");
        app.jobs.poisoned(take(app), app.call.context);
        FunctionCall.Response r = poll(app, id);
        assertEquals(200, r.code());
        assertEquals("INCONCLUSIVE", r.json().get("status").asText());
        assertTrue(r.json().get("reason").asText().contains("poison"));
    }

    @Test
    void whenTheTimeoutPassesTheLastVerdictStands() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\",\"timeout\":\"PT10M\"}");
        app.jobs.run(take(app), 1, app.call.context);
        app.clock.advance(Duration.ofMinutes(11));
        assertEquals(1, app.deliverAll());
        FunctionCall.Response r = poll(app, id);
        assertEquals(200, r.code());
        assertEquals("INCONCLUSIVE", r.json().get("status").asText());
        assertEquals("NO_AUDIT_LOGS", r.json().at("/verdict/findings/0/code").asText());
        assertTrue(r.json().get("reason").asText().contains("timeout PT10M passed"));
        assertEquals(2, r.json().get("attempts").asInt());
    }

    @Test
    void aRunWhoseResourceWasDeletedEndsInconclusive() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\"}");
        app.resources.delete(app.call.request(HttpMethod.DELETE, "/api/resources/stcmkdata", null), "stcmkdata",
                app.call.context);
        app.deliverAll();
        FunctionCall.Response r = poll(app, id);
        assertEquals("INCONCLUSIVE", r.json().get("status").asText());
        assertTrue(r.json().get("reason").asText().contains("no longer registered"));
    }

    @Test
    void aRunWhoseMessageWasLostEndsAtItsDeadlineWhenPolled() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\",\"timeout\":\"PT10M\"}");
        take(app);
        app.clock.advance(Duration.ofMinutes(9));
        assertEquals(202, poll(app, id).code(), "before the deadline it is pending");
        app.clock.advance(Duration.ofMinutes(2));
        assertEquals(202, poll(app, id).code(), "a check due at the deadline may still be on its way");
        app.clock.advance(Duration.ofMinutes(10));
        FunctionCall.Response r = poll(app, id);
        assertEquals(200, r.code());
        assertEquals("done", r.json().get("state").asText());
        assertEquals("INCONCLUSIVE", r.json().get("status").asText());
        assertTrue(r.json().get("reason").asText().contains("before any check was made"), r.json().toString());
        assertEquals(0, r.json().get("attempts").asInt());
    }

    @Test
    void aRunWhoseRecheckWasLostEndsAtItsDeadlineWithItsLastVerdict() {
        TestApp app = new TestApp(dir, Map.of(AppSettings.RECHECK_DELAY, "PT5M"));
        register(app, "stcmkdata");
        String id = start(app, "{\"resource\":\"stcmkdata\",\"timeout\":\"PT10M\"}");
        app.jobs.run(take(app), 1, app.call.context);
        app.clearQueues();
        app.clock.advance(Duration.ofMinutes(21));
        FunctionCall.Response r = poll(app, id);
        assertEquals(200, r.code());
        assertEquals("NO_AUDIT_LOGS", r.json().at("/verdict/findings/0/code").asText(), "the last verdict stands");
        assertTrue(r.json().get("reason").asText().contains("last verdict stands"));
        assertEquals(r.json(), poll(app, id).json(), "a second poll reads the same ended run");
    }

    static String take(TestApp app) {
        QueueMessageItem m = app.next();
        app.delete(m);
        return m.getBody().toString();
    }
}
