package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/keys/{vaultHost}/{keyName}/versions} on Azurite state and file evidence. */
class KeyVersionFunctionsTest {

    @TempDir
    Path dir;

    private TestApp app;
    private KeyVersionFunctions functions;

    @BeforeEach
    void start() {
        app = new TestApp(dir);
        functions = new KeyVersionFunctions(() -> app.context);
    }

    private HttpResponseMessage get(String host, String name, String query) {
        return functions.get(app.call.request(HttpMethod.GET, "/api/keys/" + host + "/" + name + "/versions"
                + query, null), host, name, app.call.context);
    }

    @Test
    void aRegisteredKeyAnswersItsVersionsWithTheResourceConfiguredOnIt() throws Exception {
        app.resources.put(app.call.request(HttpMethod.PUT, "/api/resources/stcmkdata", "{\"type\":"
                + " \"Microsoft.Storage/storageAccounts\", \"key\": \"" + VerificationFlowTest.KEY + "\","
                + " \"identity\": {\"principalId\": \"8d486f36-9b22-3e10-8eba-3331247528f0\"}}"), "stcmkdata",
                app.call.context);
        HttpResponseMessage r = get("kv-cmk-prod.vault.azure.net", "stg-cmk", "?since=P7D");
        assertEquals(200, r.getStatusCode(), String.valueOf(r.getBody()));
        JsonNode body = ((FunctionCall.Response) r).json();
        assertEquals(TestApp.T0.minus(java.time.Duration.ofDays(7)).toString(), body.at("/lookBack/from").asText());
        JsonNode v = body.path("versions").get(0);
        assertEquals(TestEvidence.VERSION, v.path("version").asText());
        assertEquals("CURRENT", v.path("state").asText());
        assertEquals("stcmkdata (versionless)", v.path("configuredResources").get(0).asText());
        assertEquals(1, app.evidence.logReads.get(), "one read of the audit log for the key");
    }

    @Test
    void aHostOffKeyVaultIsABadRequestNamingTheField() throws Exception {
        HttpResponseMessage r = get("169.254.169.254", "stg-cmk", "");
        assertEquals(400, r.getStatusCode());
        assertTrue(String.valueOf(r.getBody()).contains("vaultHost"), String.valueOf(r.getBody()));
        assertEquals(0, app.evidence.logReads.get());
    }

    @Test
    void aBadLookBackIsABadRequestNamingTheField() {
        HttpResponseMessage r = get("kv-cmk-prod.vault.azure.net", "stg-cmk", "?since=forever");
        assertEquals(400, r.getStatusCode());
        assertTrue(String.valueOf(r.getBody()).contains("since"), String.valueOf(r.getBody()));
        HttpResponseMessage name = get("kv-cmk-prod.vault.azure.net", "stg_cmk", "");
        assertEquals(400, name.getStatusCode());
        assertTrue(String.valueOf(name.getBody()).contains("keyName"));
    }
}
