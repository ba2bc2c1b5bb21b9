package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A KeyNewVersionCreated on a key with three resource types: each resource is checked at its type's documented
 * pickup time (services.md: Storage 24 h, SQL 60 min, PostgreSQL flexible 2 h), the clock moved by hand and the
 * follow-up timer called as the host calls it; the record is read through the API.
 */
class RotationFollowUpTest {

    static final String KEY = VerificationFlowTest.KEY;
    static final String NEW = "fedcba9876543210fedcba9876543210";
    static final String OLD = TestEvidence.VERSION;
    static final String STORAGE_ID = "11111111-0000-0000-0000-000000000001";
    static final String SQL_ID = "11111111-0000-0000-0000-000000000002";
    static final String PG_ID = "11111111-0000-0000-0000-000000000003";
    static final Instant ROTATED = TestApp.T0;

    @TempDir
    Path dir;

    static void register(TestApp app, String name, String type, String principal) {
        String entry = "{\"type\":\"" + type + "\",\"key\":\"" + KEY + "\",\"identity\":{\"principalId\":\""
                + principal + "\"}}";
        FunctionCall.Response r = FunctionCall.of(app.resources.put(
                app.call.request(HttpMethod.PUT, "/api/resources/" + name, entry), name, app.call.context));
        assertEquals(201, r.code(), () -> String.valueOf(r.getBody()));
    }

    /** Three resources on the old version, then the new version appears and its event is delivered. */
    private TestApp rotated() {
        TestApp app = new TestApp(dir);
        register(app, "stcmkdata", "Microsoft.Storage/storageAccounts", STORAGE_ID);
        register(app, "sql-cmk", "Microsoft.Sql/servers", SQL_ID);
        register(app, "pg-cmk", "Microsoft.DBforPostgreSQL/flexibleServers", PG_ID);
        for (String p : List.of(STORAGE_ID, SQL_ID, PG_ID)) {
            app.evidence.unwrap(KEY, p, ROTATED.minus(Duration.ofMinutes(30)), OLD);
        }
        app.evidence.addVersion(KEY, NEW, ROTATED);
        app.events.handle(EventFlowTest.keyEvent("Microsoft.KeyVault.KeyNewVersionCreated", KEY, NEW, ROTATED),
                app.call.context);
        return app;
    }

    private static JsonNode rotation(TestApp app) {
        FunctionCall.Response r = FunctionCall.of(app.rotations.get(app.call.request(HttpMethod.GET,
                "/api/keys/kv-cmk-prod.vault.azure.net/stg-cmk/rotations", null), "kv-cmk-prod.vault.azure.net",
                "stg-cmk", app.call.context));
        assertEquals(200, r.code(), () -> String.valueOf(r.getBody()));
        assertEquals(1, r.json().get("rotations").size(), r.json()::toString);
        return r.json().get("rotations").get(0);
    }

    private static JsonNode resource(JsonNode rotation, String name) {
        for (JsonNode r : rotation.get("resources")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not in " + rotation);
    }

    /** Moves the clock to {@code at} and fires the follow-up timer; returns how many log reads it made. */
    private static int fireAt(TestApp app, Instant at) {
        app.clock.advance(Duration.between(app.clock.instant(), at));
        int before = app.evidence.logReads.get();
        app.events.followRotations("timer", app.call.context);
        return app.evidence.logReads.get() - before;
    }

    @Test
    void eachResourceIsCheckedAtItsTypesPickupTimeAndOneLeftOnTheOldVersionIsStale() {
        TestApp app = rotated();
        JsonNode r = rotation(app);
        assertEquals(OLD, r.get("oldVersion").asText());
        assertEquals(NEW, r.get("newVersion").asText());
        assertEquals(ROTATED.plus(Duration.ofHours(24)).toString(), resource(r, "stcmkdata").get("dueAt").asText());
        assertEquals(ROTATED.plus(Duration.ofMinutes(60)).toString(), resource(r, "sql-cmk").get("dueAt").asText());
        assertEquals(ROTATED.plus(Duration.ofHours(2)).toString(), resource(r, "pg-cmk").get("dueAt").asText());
        assertEquals(ROTATED.plus(Duration.ofMinutes(60)).toString(), r.get("nextCheckAt").asText());

        assertEquals(0, fireAt(app, ROTATED.plus(Duration.ofMinutes(55))), "nothing is due before SQL's 60 minutes");

        app.evidence.unwrap(KEY, SQL_ID, ROTATED.plus(Duration.ofMinutes(61)), NEW);
        assertEquals(1, fireAt(app, ROTATED.plus(Duration.ofMinutes(65))), "only SQL is checked");
        assertEquals("MOVED", resource(rotation(app), "sql-cmk").get("state").asText());
        assertEquals("WAITING", resource(rotation(app), "pg-cmk").get("state").asText());
        assertEquals(0, fireAt(app, ROTATED.plus(Duration.ofMinutes(115))), "PostgreSQL waits for its 2 hours");

        app.evidence.unwrap(KEY, PG_ID, ROTATED.plus(Duration.ofMinutes(121)), OLD);
        assertEquals(1, fireAt(app, ROTATED.plus(Duration.ofMinutes(125))));
        JsonNode pg = resource(rotation(app), "pg-cmk");
        assertEquals("STALE_KEY_VERSION", pg.get("state").asText(), pg::toString);

        assertEquals(0, fireAt(app, ROTATED.plus(Duration.ofHours(23))), "Storage waits for its 24 hours");
        app.evidence.unwrap(KEY, STORAGE_ID, ROTATED.plus(Duration.ofHours(24).plusMinutes(1)), NEW);
        fireAt(app, ROTATED.plus(Duration.ofHours(24).plusMinutes(5)));
        JsonNode done = rotation(app);
        assertEquals("MOVED", resource(done, "stcmkdata").get("state").asText(), done::toString);
        assertEquals("done", done.get("state").asText());
        assertEquals("STALE_KEY_VERSION", done.get("outcome").asText());
        assertTrue(done.get("reason").asText().startsWith("pg-cmk still use(s) version " + OLD), done::toString);
        List<String> verdicts = app.call.logged.stream().filter(l -> l.startsWith("CMKV_VERDICT ")).toList();
        assertEquals(3, verdicts.size(), "one final verdict per decided resource, for the history and alerts");
        assertTrue(verdicts.stream().anyMatch(l -> l.contains("pg-cmk") && l.contains("STALE_KEY_VERSION")), verdicts::toString);
        assertEquals(1, app.call.logged.stream().filter(l -> l.startsWith("CMKV_ROTATION ")
                && l.contains("\"outcome\":\"STALE_KEY_VERSION\"")).count());
    }

    @Test
    void onceEveryResourceMovedAndNothingUsesTheOldVersionItIsSafeToDisable() {
        TestApp app = rotated();
        app.evidence.unwrap(KEY, SQL_ID, ROTATED.plus(Duration.ofMinutes(61)), NEW);
        app.evidence.unwrap(KEY, PG_ID, ROTATED.plus(Duration.ofMinutes(121)), NEW);
        app.evidence.unwrap(KEY, STORAGE_ID, ROTATED.plus(Duration.ofHours(24).plusMinutes(1)), NEW);
        fireAt(app, ROTATED.plus(Duration.ofMinutes(65)));
        fireAt(app, ROTATED.plus(Duration.ofMinutes(125)));
        assertEquals("open", rotation(app).get("state").asText(), "Storage has not been checked yet");
        fireAt(app, ROTATED.plus(Duration.ofHours(24).plusMinutes(5)));
        JsonNode done = rotation(app);
        assertEquals("SAFE_TO_DISABLE", done.get("outcome").asText(), done::toString);
        assertEquals("SAFE_TO_DISABLE", done.get("oldVersionState").asText());
        for (JsonNode t : done.get("resources")) {
            assertEquals("MOVED", t.get("state").asText(), t::toString);
        }
        assertEquals(1, app.call.logged.stream().filter(l -> l.startsWith("CMKV_ROTATION ")
                && l.contains("\"outcome\":\"SAFE_TO_DISABLE\"") && l.contains(OLD)).count(), app.call.logged::toString);
        assertEquals(0, fireAt(app, ROTATED.plus(Duration.ofDays(3))), "a decided follow-up is never checked again");
    }

    @Test
    void aCheckIsDueWithinTheSecondOfItsTime() {
        TestApp app = rotated();
        app.evidence.unwrap(KEY, SQL_ID, ROTATED.plus(Duration.ofMinutes(59)), NEW);
        // Half a second past SQL's due time: "...T11:00:00Z" must count as before "...T11:00:00.500Z".
        assertEquals(1, fireAt(app, ROTATED.plus(Duration.ofMinutes(60)).plusMillis(500)));
    }

    @Test
    void aNewVersionEventRedeliveredInCloudEventsOpensOneFollowUp() {
        TestApp app = rotated();
        // Redelivered in the other schema: CloudEvents 1.0 names the same key version.
        app.events.handle(EventFlowTest.cloudEvent(EventFlowTest.keyEvent("Microsoft.KeyVault.KeyNewVersionCreated",
                KEY, NEW, ROTATED)), app.call.context);
        assertEquals(3, rotation(app).get("resources").size());
        assertTrue(app.call.logged.get(app.call.logged.size() - 1).contains("already open"), app.call.logged::toString);
    }
}
