package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage (Azurite) stops in the middle of a run: while it is down every HTTP call answers 503 problem+json with
 * Retry-After, never a 500; once it is back the same run carries on to its final verdict.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageOutageTest {

    private OwnAzurite storage;
    private TestApp app;
    private String runId;
    private final List<FunctionCall.Response> duringOutage = new ArrayList<>();
    private FunctionCall.Response afterRestart;
    private int deliveredAfterRestart;

    @BeforeAll
    void stopStorageMidRunThenRestartIt(@TempDir Path dir) {
        storage = new OwnAzurite(dir.resolve("azurite"));
        app = new TestApp(dir.resolve("evidence"), Map.of(AppSettings.STORAGE, storage.connection()));
        VerificationFlowTest.register(app, "stcmkdata");
        runId = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");

        storage.stop();
        duringOutage.add(VerificationFlowTest.poll(app, runId));
        duringOutage.add(FunctionCall.of(app.resources.get(
                app.call.request(HttpMethod.GET, "/api/resources/stcmkdata", null), "stcmkdata", app.call.context)));

        storage.start();
        app.evidence.unwrap(VerificationFlowTest.KEY, VerificationFlowTest.PRINCIPAL, TestApp.T0.plusSeconds(1));
        app.clock.advance(Duration.ofMinutes(5));
        deliveredAfterRestart = app.deliverAll();
        afterRestart = VerificationFlowTest.poll(app, runId);
    }

    @AfterAll
    void stop() {
        storage.close();
    }

    @Test
    void whileStorageIsDownCallsAnswer503ProblemWithRetryAfter() {
        for (FunctionCall.Response r : duringOutage) {
            assertEquals(503, r.code(), () -> String.valueOf(r.getBody()));
            assertEquals("application/problem+json", r.getHeader("Content-Type"));
            assertTrue(Long.parseLong(r.getHeader("Retry-After")) > 0);
            JsonNode p = r.json();
            assertEquals(503, p.get("status").asInt());
            assertFalse(r.getBody().toString().contains("127.0.0.1"), "no storage detail leaks to the caller");
        }
    }

    @Test
    void afterStorageIsBackTheRunReachesItsFinalVerdict() {
        assertTrue(deliveredAfterRestart >= 1, "the queued check survived the outage");
        assertEquals(200, afterRestart.code(), () -> String.valueOf(afterRestart.getBody()));
        assertEquals("done", afterRestart.json().get("state").asText());
        assertEquals("VERIFIED", afterRestart.json().get("status").asText());
    }

    @Test
    void theStorageAccountKeyNeverReachesTheLog() {
        assertFalse(app.call.logged.isEmpty(), "the outage was logged");
        app.call.logged.forEach(line -> assertFalse(line.contains(OwnAzurite.DEV_KEY), line));
    }
}
