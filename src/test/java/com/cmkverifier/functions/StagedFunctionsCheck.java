package com.cmkverifier.functions;

import com.cmkverifier.json.Jackson;
import com.cmkverifier.application.AppSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs in {@code verify}, after azure-functions-maven-plugin staged the app in {@code package}: the staging
 * holds host.json and one function.json per function, each with the intended trigger.
 */
class StagedFunctionsCheck {

    private static final Path STAGED = Path.of("target/azure-functions/cmk-verifier");

    private static JsonNode trigger(String function) throws IOException {
        JsonNode def = Jackson.MAPPER.readTree(STAGED.resolve(function).resolve("function.json").toFile());
        for (JsonNode b : def.get("bindings")) {
            if (b.get("type").asText().endsWith("Trigger")) {
                return b;
            }
        }
        throw new AssertionError(function + " has no trigger binding");
    }

    @Test
    void everyFunctionIsStagedAndNothingElse() throws IOException {
        Set<String> staged = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(STAGED)) {
            dirs.filter(d -> Files.exists(d.resolve("function.json"))).forEach(d -> staged.add(d.getFileName().toString()));
        }
        assertEquals(FunctionRoutes.functions().keySet(), staged);
        assertTrue(Files.exists(STAGED.resolve("host.json")));
    }

    @Test
    void httpFunctionsHaveTheirRouteMethodAndLeaveAuthToThePlatformAndTheApp() throws IOException {
        for (FunctionRoutes.Route r : FunctionRoutes.http().values()) {
            JsonNode t = trigger(r.function());
            assertEquals("httpTrigger", t.get("type").asText(), r.function());
            assertEquals(r.route(), t.get("route").asText(), r.function());
            assertEquals(AuthorizationLevel.ANONYMOUS.name(), t.get("authLevel").asText().toUpperCase(), r.function());
            assertTrue(t.get("methods").toString().toLowerCase().contains("\"" + r.method() + "\""), r.function());
        }
    }

    @Test
    void theWorkersAndTheirPoisonHandlersListenOnTheJobsAndRunsQueues() throws IOException {
        Map<String, String> queues = Map.of("RunJob", "%CMKV_JOBS_QUEUE%", "ConcludePoisonedJob", "%CMKV_JOBS_QUEUE%-poison",
                "CheckVerification", "%CMKV_RUNS_QUEUE%", "ConcludePoisonedCheck", "%CMKV_RUNS_QUEUE%-poison");
        for (Map.Entry<String, String> q : queues.entrySet()) {
            JsonNode t = trigger(q.getKey());
            assertEquals("queueTrigger", t.get("type").asText());
            assertEquals(q.getValue(), t.get("queueName").asText());
            assertEquals(AppSettings.STORAGE, t.get("connection").asText());
        }
    }

    @Test
    void theSweepRunsOnTheScheduleSetting() throws IOException {
        JsonNode t = trigger("Sweep");
        assertEquals("timerTrigger", t.get("type").asText());
        assertEquals("%SWEEP_SCHEDULE%", t.get("schedule").asText());
    }

    @Test
    void theDiscoveryRunsOnItsScheduleSetting() throws IOException {
        JsonNode t = trigger("Discover");
        assertEquals("timerTrigger", t.get("type").asText());
        assertEquals("%DISCOVERY_SCHEDULE%", t.get("schedule").asText());
    }

    @Test
    void eventGridEventsReachTheirTriggerAndRotationFollowUpsRunEveryFiveMinutes() throws IOException {
        assertEquals("eventGridTrigger", trigger("HandleEvent").get("type").asText());
        JsonNode t = trigger("FollowRotations");
        assertEquals("timerTrigger", t.get("type").asText());
        assertEquals("0 */5 * * * *", t.get("schedule").asText());
    }

    @Test
    void theReaperRunsEveryFiveMinutes() throws IOException {
        JsonNode t = trigger("RedriveOverdueJobs");
        assertEquals("timerTrigger", t.get("type").asText());
        assertEquals("0 */5 * * * *", t.get("schedule").asText());
    }
}
