package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.JobWorker;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeResourceGraph;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 point 4: discovery in the app, on Azurite, with the real Resource Graph client against the local
 * HTTPS fake. POST queues it, the worker reads Azure and merges into the stored registry, GET shows the report.
 */
class DiscoveryFlowTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUB = "6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f";
    private static final String KEY = "https://kv-cmk-prod.vault.azure.net/keys/des-cmk";

    @TempDir
    Path dir;

    private FakeResourceGraph fake;
    private final AtomicInteger built = new AtomicInteger();

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private static String desId(int i) {
        return "/subscriptions/" + SUB + "/resourceGroups/rg-vm/providers/Microsoft.Compute/diskEncryptionSets/"
                + String.format("des-%05d", i);
    }

    private static String principal(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    /** Disk encryption sets with a system-assigned identity, as Resource Graph answers them. */
    private static List<JsonNode> diskEncryptionSets(int n) {
        List<JsonNode> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectNode r = MAPPER.createObjectNode();
            r.put("id", desId(i)).put("name", String.format("des-%05d", i))
                    .put("type", "microsoft.compute/diskencryptionsets").put("subscriptionId", SUB);
            r.putObject("identity").put("type", "SystemAssigned").put("principalId", principal(i));
            r.putObject("properties").put("rotationToLatestKeyVersionEnabled", true).putObject("activeKey")
                    .put("keyUrl", KEY + "/0123456789abcdef0123456789abcdef");
            rows.add(r);
        }
        return rows;
    }

    private TestApp app(List<JsonNode> rows) {
        fake = new FakeResourceGraph(rows);
        return new TestApp(dir, Map.of(AppSettings.DISCOVERY_SCOPE, SUB, AppSettings.AZURE_CLIENT_ID, APP_CLIENT_ID), () -> {
            built.incrementAndGet();
            return new LiveDiscovery(new DummyCredential(), WireServer.trustingClient(), WireServer.retries(1),
                    URI.create(fake.server().baseUrl()), fake.quota()::advance);
        });
    }

    /** The client id of the app's managed identity: who discovery's registry writes are recorded as. */
    private static final String APP_CLIENT_ID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";

    private static FunctionCall.Response post(TestApp app, String body) {
        return FunctionCall.of(app.discoveries.start(
                app.call.request(HttpMethod.POST, "/api/discoveries", body), app.call.context));
    }

    private static FunctionCall.Response get(TestApp app, String id) {
        return FunctionCall.of(app.discoveries.get(
                app.call.request(HttpMethod.GET, "/api/discoveries/" + id, null), id, app.call.context));
    }

    private static FunctionCall.Response latest(TestApp app) {
        return FunctionCall.of(app.discoveries.latest(
                app.call.request(HttpMethod.GET, "/api/discoveries/latest", null), app.call.context));
    }

    private static JsonNode registry(TestApp app) {
        return FunctionCall.of(app.resources.list(app.call.request(HttpMethod.GET, "/api/resources", null),
                app.call.context)).json().get("resources");
    }

    private static void put(TestApp app, String name, String entry) {
        FunctionCall.Response r = FunctionCall.of(app.resources.put(
                app.call.request(HttpMethod.PUT, "/api/resources/" + name, entry), name, app.call.context));
        assertEquals(201, r.code(), () -> String.valueOf(r.getBody()));
    }

    private static JsonNode entry(JsonNode registry, String name) {
        for (JsonNode e : registry) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void postQueuesTheWorkerMergesIntoTheStoredRegistryAndGetShowsTheReport() {
        TestApp app = app(diskEncryptionSets(3));
        FunctionCall.Response started = post(app, "{}");
        assertEquals(202, started.code(), () -> String.valueOf(started.getBody()));
        String id = started.json().get("id").asText();
        assertEquals("https://cmkv.example.net/api/discoveries/" + id, started.getHeader("Location"));
        assertTrue(Long.parseLong(started.getHeader("Retry-After")) > 0);
        assertEquals("pending", started.json().get("state").asText());
        assertEquals(0, fake.queries(), "HTTP only records and queues: Azure is read by the worker");
        assertEquals(202, get(app, id).code());

        assertEquals(1, app.deliverAll());

        FunctionCall.Response done = get(app, id);
        assertEquals(200, done.code());
        assertEquals("merged", done.json().get("state").asText());
        assertEquals(3, done.json().at("/report/summary/added").asInt());
        assertEquals(3, done.json().at("/report/entries").size());
        assertEquals(1, fake.queries());
        assertTrue(fake.server().received().stream().filter(r -> r.path().equals(FakeResourceGraph.QUERY_PATH))
                .allMatch(r -> r.body().contains(SUB)), "the configured scope travels with the query");
        JsonNode registry = registry(app);
        assertEquals(3, registry.size());
        JsonNode des = entry(registry, "des-00001");
        assertEquals(desId(1), des.get("resourceId").asText());
        assertEquals(principal(1), des.at("/identity/principalId").asText());
        assertEquals("discovered", des.get("source").asText());
        assertEquals(200, latest(app).code());
        assertEquals(id, latest(app).json().get("id").asText());

        // A second discovery of the same Azure changes nothing and says so.
        String again = post(app, "{}").json().get("id").asText();
        app.deliverAll();
        assertEquals(3, get(app, again).json().at("/report/summary/kept").asInt());
        assertEquals(0, get(app, again).json().at("/report/summary/added").asInt());
        assertEquals(again, latest(app).json().get("id").asText());
        assertEquals(1, built.get(), "live discovery is built once per process");
    }

    @Test
    void aHandWrittenEntryIsKeptAsWrittenWhileAzureNamesAnotherKey() {
        TestApp app = app(diskEncryptionSets(2));
        String handWritten = "{\"type\":\"Microsoft.Compute/diskEncryptionSets\",\"resourceId\":\"" + desId(0)
                + "\",\"key\":\"https://kv-other.vault.azure.net/keys/old-key\",\"identity\":{\"principalId\":\""
                + principal(0) + "\"}}";
        put(app, "des-by-hand", handWritten);
        JsonNode before = entry(registry(app), "des-by-hand");

        post(app, "{}");
        app.deliverAll();

        JsonNode report = latest(app).json().get("report");
        JsonNode registry = registry(app);
        assertEquals(2, registry.size(), "des-00000 is the hand-written entry's resource: not added again");
        assertEquals(before, entry(registry, "des-by-hand"));
        assertNull(entry(registry, "des-00000"));
        assertEquals(1, report.at("/summary/added").asInt());
        assertEquals(1, report.at("/summary/kept").asInt());
        for (JsonNode c : report.get("entries")) {
            if (c.get("name").asText().equals("des-by-hand")) {
                assertTrue(c.get("detail").asText().startsWith("hand-written"), c.toString());
            }
        }
    }

    @Test
    void discoveryRecordsTheAppsOwnIdentityOnWhatItWritesAndLeavesAPersonsEntryTheirs() {
        TestApp app = app(diskEncryptionSets(2));
        put(app, "des-by-hand", "{\"type\":\"Microsoft.Compute/diskEncryptionSets\",\"resourceId\":\"" + desId(0)
                + "\",\"key\":\"https://kv-other.vault.azure.net/keys/old-key\",\"identity\":{\"principalId\":\""
                + principal(0) + "\"}}");
        app.clock.advance(java.time.Duration.ofMinutes(3));
        post(app, "{}");
        app.deliverAll();

        JsonNode registry = registry(app);
        assertEquals("app:" + APP_CLIENT_ID, entry(registry, "des-00001").at("/changed/by").asText());
        assertEquals(TestApp.T0.plusSeconds(180).toString(), entry(registry, "des-00001").at("/changed/at").asText());
        assertEquals(Principals.OBJECT_ID, entry(registry, "des-by-hand").at("/changed/by").asText());
        assertTrue(app.call.logged.stream().anyMatch(l -> l.endsWith("registry written by app:" + APP_CLIENT_ID
                + " at " + TestApp.T0.plusSeconds(180))), app.call.logged::toString);
    }

    @Test
    void aFailingPageLeavesTheStoredRegistryUntouchedAndEndsTheDiscoveryWithTheReason() {
        TestApp app = app(diskEncryptionSets(2_500));
        put(app, "stcmkdata", "{\"type\":\"Microsoft.Storage/storageAccounts\",\"key\":\"" + VerificationFlowTest.KEY
                + "\",\"identity\":{\"principalId\":\"" + VerificationFlowTest.PRINCIPAL + "\"}}");
        JsonNode before = registry(app);
        fake.server().failNext(r -> r.path().equals(FakeResourceGraph.QUERY_PATH) && fake.queries() >= 3, 10,
                Reply.error(500, "InternalServerError", "backend unavailable"));

        String id = post(app, "{}").json().get("id").asText();
        assertEquals(1, app.deliverAll());

        FunctionCall.Response done = get(app, id);
        assertEquals(200, done.code());
        assertEquals("failed", done.json().get("state").asText());
        assertTrue(done.json().get("reason").asText().contains("page 3"), done.json().toString());
        assertTrue(done.json().get("reason").asText().contains("registry unchanged"));
        assertTrue(done.json().get("report").isNull());
        assertEquals(4, fake.queries(), "pages 1-2, then page 3 and its one retry");
        assertEquals(before, registry(app), "two whole pages arrived, yet nothing of them was stored");
    }

    @Test
    void accessDeniedEndsTheDiscoveryNamingTheReaderRoleOnTheScope() {
        TestApp app = app(diskEncryptionSets(2));
        fake.denyAccess();
        String id = post(app, "{}").json().get("id").asText();
        assertEquals(1, app.deliverAll());
        FunctionCall.Response done = get(app, id);
        assertEquals("failed", done.json().get("state").asText());
        assertTrue(done.json().get("reason").asText().contains("AccessDenied")
                && done.json().get("reason").asText().contains("Reader role on the subscriptions or management group"),
                done.json().toString());
        assertEquals(1, fake.queries(), "a 403 is not retried");
    }

    @Test
    void theTimerQueuesADiscoveryLikePost() {
        TestApp app = app(diskEncryptionSets(1));
        app.discoveries.discover("{}", app.call.context);
        assertEquals(1, app.waiting());
        assertEquals("timer", latest(app).json().get("trigger").asText());
        assertEquals(202, latest(app).code());
        app.deliverAll();
        assertEquals(200, latest(app).code());
        assertEquals(1, registry(app).size());
    }

    @Test
    void aDiscoveryWhoseMessageWasLostEndsAtItsDeadlineWhenPolled() {
        TestApp app = app(diskEncryptionSets(1));
        String id = post(app, "{}").json().get("id").asText();
        app.queue.clearMessages();
        app.clock.advance(Duration.ofHours(1).plusSeconds(1));
        FunctionCall.Response r = get(app, id);
        assertEquals(200, r.code());
        assertEquals("failed", r.json().get("state").asText());
        assertTrue(r.json().get("reason").asText().contains("registry unchanged"));
        assertEquals(0, fake.queries());
        assertEquals(0, registry(app).size());
    }

    @Test
    void aPoisonedDiscoveryEndsWithTheReasonAndALateDeliveryChangesNothing() {
        TestApp app = app(diskEncryptionSets(1));
        String id = post(app, "{}").json().get("id").asText();
        String message = app.next().getBody().toString();
        app.jobs.poisoned(message, app.call.context);
        assertEquals("failed", get(app, id).json().get("state").asText());
        assertTrue(get(app, id).json().get("reason").asText().contains("poison"));
        app.jobs.run(message, 1, app.call.context);
        assertEquals(0, fake.queries(), "a done discovery ignores its message");
        assertEquals(0, registry(app).size());
    }

    @Test
    void aDiscoveryThatThrowsOnEveryDeliveryEndsFailedOnTheLastWithTheReason() {
        AtomicInteger attempts = new AtomicInteger();
        TestApp app = new TestApp(dir, Map.of(), () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("no identity endpoint in this sandbox");
        });
        String id = post(app, "{}").json().get("id").asText();
        String message = app.next().getBody().toString();
        for (int delivery = 1; delivery < JobWorker.MAX_DEQUEUE_COUNT; delivery++) {
            int n = delivery;
            assertThrows(IllegalStateException.class, () -> app.jobs.run(message, n, app.call.context),
                    "thrown so that the queue delivers it again");
            assertEquals("pending", get(app, id).json().get("state").asText());
        }
        app.jobs.run(message, JobWorker.MAX_DEQUEUE_COUNT, app.call.context);
        JsonNode done = get(app, id).json();
        assertEquals("failed", done.get("state").asText());
        assertTrue(done.get("reason").asText().startsWith("discovery failed on all " + JobWorker.MAX_DEQUEUE_COUNT
                + " tries (last: IllegalStateException)"), done.toString());
        assertTrue(done.get("reason").asText().endsWith("registry unchanged"));
        assertEquals(JobWorker.MAX_DEQUEUE_COUNT, attempts.get());
        assertEquals(0, registry(app).size());
    }

    /** Every field a discovery answers as null is marked x-nullable, or Logic Apps' connector rejects it. */
    private static void assertNullsDocumented(JsonNode answer) throws Exception {
        JsonNode documented;
        try (java.io.InputStream in = OpenApi.class.getResourceAsStream(OpenApi.RESOURCE)) {
            documented = MAPPER.readTree(in).at("/definitions/Discovery/properties");
        }
        answer.fields().forEachRemaining(f -> {
            assertTrue(documented.has(f.getKey()), "Discovery." + f.getKey() + " is documented");
            if (f.getValue().isNull()) {
                assertTrue(documented.get(f.getKey()).path("x-nullable").asBoolean(), "Discovery." + f.getKey());
            }
        });
    }

    @Test
    void everyFieldAnsweredAsNullIsMarkedNullable() throws Exception {
        TestApp app = app(diskEncryptionSets(1));
        String id = post(app, "{}").json().get("id").asText();
        JsonNode pending = get(app, id).json();
        assertTrue(pending.get("reason").isNull() && pending.get("report").isNull());
        assertNullsDocumented(pending);
        app.queue.clearMessages();
        app.clock.advance(Duration.ofHours(2));
        JsonNode failed = get(app, id).json();
        assertTrue(failed.get("report").isNull());
        assertNullsDocumented(failed);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        TestApp app = app(diskEncryptionSets(1));
        FunctionCall.Response unknown = post(app, "{\"scope\": \"/subscriptions/" + SUB + "\"}");
        assertEquals(400, unknown.code());
        assertEquals("application/problem+json", unknown.getHeader("Content-Type"));
        assertEquals("scope", unknown.json().get("field").asText());
        assertEquals("body", post(app, "[]").json().get("field").asText());
        assertEquals("body", post(app, null).json().get("field").asText());
        FunctionCall.Response badId = get(app, "00000000-0000-4000-8000-00000000000G");
        assertEquals(400, badId.code());
        assertEquals("id", badId.json().get("field").asText());
        assertEquals(404, get(app, "00000000-0000-4000-8000-000000000000").code());
        assertEquals(404, latest(app).code(), "no discovery has run yet");
        assertEquals(0, app.waiting(), "nothing queued for bad input");
    }
}
