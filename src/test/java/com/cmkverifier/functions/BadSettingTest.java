package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.BadSetting;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: a live setting that cannot be used (a query timeout beyond the Logs API's ten minutes) is found when
 * the app starts, every function fails naming it, and the runs already queued still end, with it as reason.
 */
class BadSettingTest {

    @TempDir
    Path dir;

    @Test
    void aBadLiveSettingFailsEveryFunctionNamingItAndEndsTheQueuedRuns() {
        TestApp before = new TestApp(dir);
        VerificationFlowTest.register(before, "stcmkdata");
        String id = VerificationFlowTest.start(before, "{\"resource\":\"stcmkdata\"}");
        String message = before.next().getBody().toString();

        Map<String, String> env = new HashMap<>(before.env);
        env.put(AppSettings.LOGS_QUERY_TIMEOUT, "PT20M");
        AppContext bad = AppContext.of(env, before.clock);
        FunctionCall call = new FunctionCall();

        FunctionCall.Response post = FunctionCall.of(new VerificationFunctions(() -> bad).start(
                call.request(HttpMethod.POST, "/api/verifications", "{\"resource\":\"stcmkdata\"}"), call.context));
        assertEquals(500, post.code());
        assertEquals("application/problem+json", post.getHeader("Content-Type"));
        assertTrue(post.json().get("detail").asText().contains(AppSettings.LOGS_QUERY_TIMEOUT), post.json().toString());
        FunctionCall.Response get = FunctionCall.of(new ResourceFunctions(() -> bad).list(
                call.request(HttpMethod.GET, "/api/resources", null), call.context));
        assertEquals(500, get.code());
        BadSetting timer = assertThrows(BadSetting.class,
                () -> new SweepFunctions(() -> bad).sweep(String.format(SweepTest.TIMER, false), call.context));
        assertTrue(timer.getMessage().contains(AppSettings.LOGS_QUERY_TIMEOUT));

        new JobFunctions(() -> bad).run(message, 1, call.context);

        FunctionCall.Response ended = VerificationFlowTest.poll(before, id);
        assertEquals(200, ended.code(), "the run ended on its first delivery, not after hours of retries");
        assertEquals("INCONCLUSIVE", ended.json().get("status").asText());
        assertTrue(ended.json().get("reason").asText().contains(AppSettings.LOGS_QUERY_TIMEOUT),
                ended.json().toString());
        assertTrue(call.logged.stream().anyMatch(l -> l.contains(AppSettings.LOGS_QUERY_TIMEOUT)));
    }

    @Test
    void thePoisonHandlerNeedsNoEvidenceSourceSoItEndsRunsWhateverBroke() {
        TestApp before = new TestApp(dir);
        VerificationFlowTest.register(before, "stcmkdata");
        String id = VerificationFlowTest.start(before, "{\"resource\":\"stcmkdata\"}");
        Map<String, String> env = new HashMap<>(before.env);
        env.put(AppSettings.KEYVAULT_TIMEOUT, "soon");
        AppContext bad = AppContext.of(env, before.clock);
        new JobFunctions(() -> bad).poisoned(before.next().getBody().toString(), before.call.context);
        FunctionCall.Response ended = VerificationFlowTest.poll(before, id);
        assertEquals(200, ended.code());
        assertTrue(ended.json().get("reason").asText().contains("poison"));
    }

    @Test
    void aBadSeedFileIsABadSettingNamedAsSuch() {
        TestApp app = new TestApp(dir);
        Map<String, String> env = new HashMap<>(app.env);
        env.put(AppSettings.REGISTRY_SEED_FILE, dir.resolve("missing.json").toString());
        AppContext bad = AppContext.of(env, app.clock);
        assertTrue(bad.badSetting().orElseThrow().getMessage().contains(AppSettings.REGISTRY_SEED_FILE));
    }
}
