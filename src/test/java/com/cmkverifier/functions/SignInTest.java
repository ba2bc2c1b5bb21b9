package com.cmkverifier.functions;

import com.cmkverifier.application.ApiAuthentication;
import com.cmkverifier.application.AppSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spec section 13 as a new user meets it, through the Functions entry points on Azurite: Entra sign-in with
 * app roles while App Service Authentication is on; nothing at all while it is off; and function-key mode.
 */
class SignInTest {

    private static final String OTHER = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String KEY = "k".repeat(20) + "0123456789abcdef";
    private static final String ENTRY = "{\"type\":\"Microsoft.Storage/storageAccounts\",\"key\":\"" + VerificationFlowTest.KEY
            + "\",\"identity\":{\"principalId\":\"" + VerificationFlowTest.PRINCIPAL + "\"}}";

    @TempDir
    Path dir;

    private static Map<String, String> as(String objectId, String... roles) {
        return Map.of(ClientPrincipal.HEADER, Principals.of(objectId, roles));
    }

    private static FunctionCall.Response put(TestApp app, String name, String body, Map<String, String> headers) {
        return FunctionCall.of(app.resources.put(app.call.request(HttpMethod.PUT, "/api/resources/" + name, body,
                headers), name, app.call.context));
    }

    private static FunctionCall.Response delete(TestApp app, String name, Map<String, String> headers) {
        return FunctionCall.of(app.resources.delete(app.call.request(HttpMethod.DELETE, "/api/resources/" + name, null,
                headers), name, app.call.context));
    }

    private static FunctionCall.Response get(TestApp app, String name, Map<String, String> headers) {
        return FunctionCall.of(app.resources.get(app.call.request(HttpMethod.GET, "/api/resources/" + name, null,
                headers), name, app.call.context));
    }

    private static FunctionCall.Response startVerification(TestApp app, Map<String, String> headers) {
        return FunctionCall.of(app.verifications.start(app.call.request(HttpMethod.POST, "/api/verifications",
                "{\"resource\":\"stcmkdata\"}", headers), app.call.context));
    }

    @Test
    void withPlatformSignInOnRolesDecideWhoMayDoWhat() {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");

        FunctionCall.Response anonymous = startVerification(app, Map.of());
        assertEquals(401, anonymous.code());
        assertTrue(anonymous.json().get("detail").asText().contains("Microsoft Entra ID"), anonymous::toString);

        Map<String, String> reader = as(OTHER, "Results.Read");
        assertEquals(200, get(app, "stcmkdata", reader).code());
        for (FunctionCall.Response refused : new FunctionCall.Response[]{put(app, "stcmkdata", ENTRY, reader),
                put(app, "stnew", ENTRY, reader), delete(app, "stcmkdata", reader)}) {
            assertEquals(403, refused.code());
            JsonNode p = refused.json();
            assertTrue(p.get("detail").asText().contains("Registry.Write"), p::toString);
            assertEquals("Registry.Write", p.at("/roles/0").asText());
        }
        assertEquals(1, app.context.resources().list().size(), "the reader changed nothing");
        assertEquals(3, app.call.logged.stream().filter(l -> l.startsWith("refused ") && l.contains(OTHER)
                && l.contains("Registry.Write")).count(), app.call.logged::toString);
        assertEquals(Principals.OBJECT_ID, app.context.resources().get("stcmkdata").changed().by());

        FunctionCall.Response started = startVerification(app, as(OTHER, "Verifications.Run"));
        assertEquals(202, started.code(), () -> String.valueOf(started.getBody()));
        assertEquals(1, app.waiting(), "the run was queued");
    }

    @Test
    void withPlatformSignInOffAForgedPrincipalGetsNothing() {
        TestApp app = new TestApp(dir, Map.of(ApiAuthentication.PLATFORM_AUTH, "False"));
        // Registered behind the API's back, as a seed file would: the forger must not even read it.
        app.context.resources().put("stcmkdata", StoredJson.parse(ENTRY), "seed");
        Map<String, String> forged = as(OTHER, "Verifications.Run", "Results.Read", "Registry.Write");

        for (FunctionCall.Response r : new FunctionCall.Response[]{get(app, "stcmkdata", forged),
                put(app, "stevil", ENTRY, forged), delete(app, "stcmkdata", forged), startVerification(app, forged)}) {
            assertEquals(500, r.code());
            assertEquals("urn:cmk-verifier:problem:authentication-off", r.json().get("type").asText());
            assertTrue(r.json().get("detail").asText().contains(ApiAuthentication.PLATFORM_AUTH), r.json()::toString);
            assertTrue(r.json().path("name").isMissingNode(), "no registry content in the answer");
        }
        assertEquals(1, app.context.resources().list().size());
        assertEquals("seed", app.context.resources().get("stcmkdata").changed().by());
        assertEquals(0, app.waiting(), "no run was queued");
        assertEquals(1, app.call.logged.stream().filter(l -> l.contains("App Service Authentication is off")).count(),
                app.call.logged::toString);
    }

    @Test
    void functionKeyModeLetsTheKeyDoEverythingAndSaysItCannotSeparateRoles() {
        TestApp app = new TestApp(dir, Map.of(AppSettings.AUTH_MODE, "function-key", AppSettings.FUNCTION_KEY, KEY));

        // A principal header counts for nothing in this mode, whatever it claims.
        assertEquals(401, put(app, "stcmkdata", ENTRY, as(OTHER, "Registry.Write")).code());
        assertEquals(401, put(app, "stcmkdata", ENTRY, Map.of(Access.KEY_HEADER, KEY + "x")).code());
        assertEquals(0, app.context.resources().list().size());

        Map<String, String> key = Map.of(Access.KEY_HEADER, KEY);
        FunctionCall.Response created = put(app, "stcmkdata", ENTRY, key);
        assertEquals(201, created.code(), () -> String.valueOf(created.getBody()));
        assertEquals(Access.KEY_MODE_CALLER, created.json().at("/changed/by").asText());
        assertEquals(202, startVerification(app, key).code());
        assertEquals(204, delete(app, "stcmkdata", key).code());

        assertEquals(1, app.call.logged.stream().filter(l -> l.contains("cannot separate roles")).count(),
                app.call.logged::toString);
    }

    @Test
    void everyRegistryWriteRecordsWhoMadeItAndWhenOnTheEntryAndInTheLog() {
        TestApp app = new TestApp(dir);
        Map<String, String> writer = as(OTHER, "Registry.Write");
        // A body cannot claim someone else made the change.
        String claimed = ENTRY.replace("{\"type\"", "{\"changed\":{\"by\":\"someone-else\",\"at\":\"2020-01-01T00:00:00Z\"},\"type\"");
        FunctionCall.Response created = put(app, "stcmkdata", claimed, writer);
        assertEquals(201, created.code(), () -> String.valueOf(created.getBody()));
        assertEquals(OTHER, created.json().at("/changed/by").asText());
        assertEquals(TestApp.T0.toString(), created.json().at("/changed/at").asText());
        assertFalse(app.context.resources().get("stcmkdata").resource().extra().containsKey("changed"),
                "the body's claim is not stored with the entry");

        app.clock.advance(java.time.Duration.ofMinutes(7));
        assertEquals(200, put(app, "stcmkdata", ENTRY, as(Principals.OBJECT_ID, "Registry.Write")).code());
        JsonNode read = get(app, "stcmkdata", as(OTHER, "Results.Read")).json();
        assertEquals(Principals.OBJECT_ID, read.at("/changed/by").asText());
        assertEquals(TestApp.T0.plusSeconds(420).toString(), read.at("/changed/at").asText());
        assertEquals(204, delete(app, "stcmkdata", writer).code());

        assertTrue(app.call.logged.contains("registry: 'stcmkdata' created by " + OTHER + " at " + TestApp.T0),
                app.call.logged::toString);
        assertTrue(app.call.logged.contains("registry: 'stcmkdata' replaced by " + Principals.OBJECT_ID + " at "
                + TestApp.T0.plusSeconds(420)), app.call.logged::toString);
        assertTrue(app.call.logged.contains("registry: 'stcmkdata' deleted by " + OTHER + " at "
                + TestApp.T0.plusSeconds(420)), app.call.logged::toString);
    }

    @Test
    void entriesFromTheSeedFileAreRecordedAsTheAppsOwn() throws Exception {
        Path seed = dir.resolve("seed.json");
        java.nio.file.Files.writeString(seed, "{\"resources\":[" + ENTRY.replace("{\"type\"", "{\"name\":\"stseeded\",\"type\"")
                + "]}");
        TestApp app = new TestApp(dir, Map.of(AppSettings.REGISTRY_SEED_FILE, seed.toString()));
        assertEquals("app:system-assigned", app.context.resources().get("stseeded").changed().by());
        assertEquals(TestApp.T0, app.context.resources().get("stseeded").changed().at());
    }
}
