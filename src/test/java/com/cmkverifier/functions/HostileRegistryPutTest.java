package com.cmkverifier.functions;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code PUT /api/resources/{name}} with hostile content: always a 4xx problem naming the field, never a 500. */
class HostileRegistryPutTest {

    private static TestApp app;

    @BeforeAll
    static void app(@TempDir Path dir) {
        app = new TestApp(dir);
    }

    private static FunctionCall.Response put(String name, String body) {
        return FunctionCall.of(app.resources.put(
                app.call.request(HttpMethod.PUT, "/api/resources/" + name, body), name, app.call.context));
    }

    private static JsonNode problem(FunctionCall.Response r, int status) {
        assertEquals(status, r.code(), () -> String.valueOf(r.getBody()));
        assertEquals("application/problem+json", r.getHeader("Content-Type"));
        assertFalse(r.getBody().toString().contains("\tat "), "no stack trace");
        return r.json();
    }

    private static String entry(String keyUrl) {
        return "{\"type\":\"Microsoft.Storage/storageAccounts\",\"key\":" + Jackson.MAPPER.valueToTree(keyUrl)
                + ",\"identity\":{\"principalId\":\"" + VerificationFlowTest.PRINCIPAL + "\"}}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.5/keys/stg-cmk", "https://[fe80::1]/keys/stg-cmk",
            "http://kv-cmk.vault.azure.net/keys/stg-cmk", "https://admin:pw@kv-cmk.vault.azure.net/keys/stg-cmk",
            "https://kv-cmk.vault.azure.net:8443/keys/stg-cmk", "https://kv-cmk.vault.azure.net.evil.example/keys/k",
            "https://kv-\u0441mk.vault.azure.net/keys/stg-cmk", "https://kv-cmk.vault.azure.net/keys/stg|cmk",
            "https://kv-cmk.vault.azure.net/keys/stg-cmk\" | take 1", "https://kv-cmk.vault.azure.net/keys/a\nb"})
    void aKeyUrlOffKeyVaultIsRejectedNamingTheKeyField(String keyUrl) {
        assertEquals("key", problem(put("sthostile", entry(keyUrl)), 400).get("field").asText());
    }

    @Test
    void aBodyOverOneMegabyteIsTooLarge() {
        problem(put("stbig", "{\"type\":\"" + "x".repeat(RequestBody.MAX_BYTES) + "\"}"), 413);
    }

    @Test
    void aDeeplyNestedBodyIsRejectedNamingTheBody() {
        String deep = "{\"tags\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}";
        assertEquals("body", problem(put("stdeep", deep), 400).get("field").asText());
    }

    @Test
    void wrongTypesAreRejectedNamingEachField() {
        JsonNode p = problem(put("sttypes", "{\"type\":[],\"key\":{},\"identity\":\"me\",\"tags\":[1],"
                + "\"proofOperations\":\"KeyUnwrap\",\"workspaceId\":7}"), 400);
        assertEquals(6, p.get("errors").size(), p::toString);
    }
}
