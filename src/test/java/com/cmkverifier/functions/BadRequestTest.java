package com.cmkverifier.functions;

import com.cmkverifier.json.Jackson;
import com.cmkverifier.application.AppSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a 4xx problem naming the field, never a 500, never a stack trace. */
class BadRequestTest {

    private static TestApp app;

    @BeforeAll
    static void registered(@TempDir Path dir) {
        app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
    }

    private static FunctionCall.Response post(String body) {
        return FunctionCall.of(app.verifications.start(
                app.call.request(HttpMethod.POST, "/api/verifications", body), app.call.context));
    }

    private static FunctionCall.Response put(String name, String body) {
        return FunctionCall.of(app.resources.put(
                app.call.request(HttpMethod.PUT, "/api/resources/x", body), name, app.call.context));
    }

    private static JsonNode problem(FunctionCall.Response r, int status) {
        assertEquals(status, r.code(), () -> String.valueOf(r.getBody()));
        assertEquals("application/problem+json", r.getHeader("Content-Type"));
        JsonNode p = r.json();
        assertEquals(status, p.get("status").asInt());
        assertFalse(r.getBody().toString().contains("\tat "), "no stack trace");
        return p;
    }

    @Test
    void malformedJsonIsRejectedNamingTheBody() {
        assertEquals("body", problem(post("{\"resource\": \"stcmkdata\""), 400).get("field").asText());
    }

    @Test
    void deeplyNestedJsonIsRejectedNamingTheBody() {
        String deep = "{\"resource\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertTrue(problem(post(deep), 400).get("detail").asText().contains("nested"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"resource\": 42}", "{\"resource\": [\"stcmkdata\"]}", "{\"resource\": null}", "{}"})
    void aResourceThatIsNotANameIsRejectedNamingTheField(String body) {
        assertEquals("resource", problem(post(body), 400).get("field").asText());
    }

    @Test
    void aSinceThatIsNotATimeIsRejectedNamingTheField() {
        assertEquals("since", problem(post("{\"resource\":\"stcmkdata\",\"since\":\"yesterday\"}"), 400)
                .get("field").asText());
    }

    @Test
    void aTimeoutBeyondTheMaximumIsRejectedNamingTheField() {
        assertEquals("timeout", problem(post("{\"resource\":\"stcmkdata\",\"timeout\":\"P2D\"}"), 400)
                .get("field").asText());
    }

    @Test
    void anUnknownFieldIsRejectedByName() {
        assertEquals("resourse", problem(post("{\"resourse\":\"stcmkdata\"}"), 400).get("field").asText());
    }

    @Test
    void anUnregisteredResourceIsNotFound() {
        problem(post("{\"resource\":\"nosuchthing\"}"), 404);
    }

    @Test
    void aBodyOverOneMegabyteIsTooLarge() {
        problem(post("{\"resource\":\"" + "a".repeat(RequestBody.MAX_BYTES) + "\"}"), 413);
    }

    @ParameterizedTest
    @ValueSource(strings = {"st' or '1'='1", "a|b", "line\nbreak", "stcmk\u00e9data", "..%2f..", "\"quoted\""})
    void hostileNamesAreRejectedNamingTheField(String name) {
        String body = "{\"resource\":" + Jackson.MAPPER.valueToTree(name) + "}";
        assertEquals("resource", problem(post(body), 400).get("field").asText());
        assertEquals("name", problem(put(name, "{\"type\":\"Microsoft.Storage/storageAccounts\"}"), 400)
                .get("field").asText());
    }

    @Test
    void aKeyOnAHostThatIsNotKeyVaultIsRejectedNamingTheField() {
        JsonNode p = problem(put("stevil", "{\"type\":\"Microsoft.Storage/storageAccounts\","
                + "\"key\":\"https://attacker.example.com/keys/stg-cmk\","
                + "\"identity\":{\"principalId\":\"" + VerificationFlowTest.PRINCIPAL + "\"}}"), 400);
        assertEquals("key", p.get("field").asText());
        assertTrue(p.get("detail").asText().contains("not a Key Vault"));
    }

    @Test
    void aRegistryEntryListsEveryInvalidField() {
        JsonNode p = problem(put("stbad", "{\"type\":7,\"key\":\"http://kv.vault.azure.net/keys/k\"}"), 400);
        assertEquals(2, p.get("errors").size(), p::toString);
    }

    @Test
    void anUnknownRunIdIsNotFound() {
        problem(FunctionCall.of(app.verifications.get(app.call.request(HttpMethod.GET, "/api/verifications/x", null),
                "../../etc", app.call.context)), 404);
    }

    @Test
    void aFaultAnswersAGenericProblemAndLogsWithoutSecrets() {
        VerificationFunctions broken = new VerificationFunctions(() -> new AppContext(AppSettings.from(Map.of(
                AppSettings.STORAGE, "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0;"
                        + "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/d;")),
                app.clock, () -> app.evidence));
        FunctionCall call = new FunctionCall();
        FunctionCall.Response r = FunctionCall.of(broken.start(
                call.request(HttpMethod.POST, "/api/verifications", "{\"resource\":\"stcmkdata\"}"), call.context));
        JsonNode p = problem(r, 503); // unreachable storage: retry later, not a fault of the request
        assertFalse(p.get("detail").asText().contains("127.0.0.1"));
        assertEquals(1, call.logged.size());
        assertFalse(call.logged.get(0).contains("c2VjcmV0"), call.logged.get(0));
    }
}
