package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.RejectedEvents;
import com.cmkverifier.state.StorageClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event Grid events through the trigger's binding type (the event as a JSON string, one per call, as the Java
 * worker hands it): the documented samples in src/test/resources/events (SOURCES.md there names each page).
 */
class EventFlowTest {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String ACCOUNT_ID = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stcmkdata";
    private static final Pattern RUN = Pattern.compile("run ([0-9a-f-]{36})");

    @TempDir
    Path dir;

    /** The first event of a documented sample, as text. */
    static String sample(String file) {
        try (InputStream in = EventFlowTest.class.getResourceAsStream("/events/" + file)) {
            return Jackson.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(0).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The documented ResourceWriteSuccess with its placeholders filled for stcmkdata, at {@code time}. */
    static String write(String id, Instant time) {
        ObjectNode e = (ObjectNode) StoredJson.parse(sample("resource-write-success.eventgrid.json")
                .replace("{subscription-id}", SUBSCRIPTION).replace("{resource-group}", "rg-data")
                .replace("{storage-name}", "stcmkdata"));
        return e.put("id", id).put("eventTime", time.toString()).toString();
    }

    /** The same event in CloudEvents 1.0: id, source, subject, type, time, data, specversion. */
    static String cloudEvent(String eventGridEvent) {
        JsonNode g = StoredJson.parse(eventGridEvent);
        ObjectNode c = Jackson.MAPPER.createObjectNode().put("id", g.get("id").asText())
                .put("source", g.get("topic").asText()).put("subject", g.get("subject").asText())
                .put("type", g.get("eventType").asText()).put("time", g.get("eventTime").asText());
        c.set("data", g.get("data"));
        return c.put("specversion", "1.0").toString();
    }

    static void registerAccount(TestApp app) {
        String entry = "{\"type\":\"Microsoft.Storage/storageAccounts\",\"resourceId\":\"" + ACCOUNT_ID
                + "\",\"key\":\"" + VerificationFlowTest.KEY + "\",\"identity\":{\"principalId\":\""
                + VerificationFlowTest.PRINCIPAL + "\"}}";
        FunctionCall.Response r = FunctionCall.of(app.resources.put(
                app.call.request(HttpMethod.PUT, "/api/resources/stcmkdata", entry), "stcmkdata", app.call.context));
        assertEquals(201, r.code(), () -> String.valueOf(r.getBody()));
    }

    private static List<String> runIds(TestApp app) {
        List<String> ids = new ArrayList<>();
        synchronized (app.call.logged) {
            for (String line : app.call.logged) {
                Matcher m = RUN.matcher(line);
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    private static RejectedEvents rejected(TestApp app) {
        AppSettings s = AppSettings.from(app.env);
        return new RejectedEvents(new StorageClients(s.storage()).tables()
                .getTableClient(app.env.get(AppSettings.TABLE_PREFIX) + "rejectedevents"));
    }

    @Test
    void aWriteOnARegisteredStorageAccountStartsOneVerificationSinceTheEventTime() {
        TestApp app = new TestApp(dir);
        registerAccount(app);
        Instant changed = TestApp.T0.minusSeconds(90);
        app.events.handle(write("4db48cba-50a2-455a-93b4-de41a3b5b7f6", changed), app.call.context);
        List<String> runs = runIds(app);
        assertEquals(1, runs.size(), app.call.logged::toString);
        assertEquals(1, app.waiting(), "one check queued, as POST /api/verifications queues it");
        FunctionCall.Response r = VerificationFlowTest.poll(app, runs.get(0));
        assertEquals(changed.toString(), r.json().get("since").asText());
        assertEquals("stcmkdata", r.json().get("resource").asText());
        app.evidence.unwrap(VerificationFlowTest.KEY, VerificationFlowTest.PRINCIPAL, TestApp.T0.plusSeconds(1));
        app.clock.advance(Duration.ofMinutes(1));
        app.deliverAll();
        assertEquals("VERIFIED", VerificationFlowTest.poll(app, runs.get(0)).json().get("status").asText());
    }

    @Test
    void theSameWriteInCloudEventsStartsTheSameVerification() {
        TestApp app = new TestApp(dir);
        registerAccount(app);
        Instant changed = TestApp.T0.minusSeconds(30);
        app.events.handle(cloudEvent(write("4db48cba-50a2-455a-93b4-de41a3b5b7f6", changed)), app.call.context);
        List<String> runs = runIds(app);
        assertEquals(1, runs.size(), app.call.logged::toString);
        assertEquals(changed.toString(), VerificationFlowTest.poll(app, runs.get(0)).json().get("since").asText());
    }

    @Test
    void aBurstOfFiftyWritesOnOneResourceStartsOneRun() throws Exception {
        TestApp app = new TestApp(dir);
        registerAccount(app);
        int n = 50;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // Distinct ids and times, all in one window: a portal save or a Terraform apply.
                String event = write(String.format("00000000-0000-0000-0000-%012d", i), TestApp.T0.minusSeconds(60 - i));
                done.add(pool.submit(() -> {
                    start.await(60, TimeUnit.SECONDS);
                    app.events.handle(event, app.call.context);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, runIds(app).size(), "one run for the burst");
        assertEquals(1, app.waiting(), "one queued check");
        assertEquals(n - 1, app.call.logged.stream().filter(l -> l.contains("already started in this window")).count());
    }

    @Test
    void aWriteInTheNextWindowStartsAnotherRun() {
        TestApp app = new TestApp(dir);
        registerAccount(app);
        app.events.handle(write("e1", TestApp.T0.minus(Duration.ofMinutes(20))), app.call.context);
        app.events.handle(write("e2", TestApp.T0.minus(Duration.ofMinutes(19))), app.call.context);
        app.events.handle(write("e3", TestApp.T0.minus(Duration.ofMinutes(1))), app.call.context);
        assertEquals(2, runIds(app).size(), app.call.logged::toString);
    }

    @Test
    void writesOnTypesThatCannotHoldAKeyAreIgnoredBeforeAnyStorageIsRead() {
        TestApp app = new TestApp(dir);
        // With the registry table gone, a read of it would fail: the ignored events must not read it.
        new StorageClients(AppSettings.from(app.env).storage()).tables()
                .deleteTable(app.env.get(AppSettings.TABLE_PREFIX) + "registry");
        String vm = write("vm", TestApp.T0).replace("Microsoft.Storage/storageAccounts/stcmkdata",
                "Microsoft.Compute/virtualMachines/vm-1");
        String child = write("blob", TestApp.T0).replace("storageAccounts/stcmkdata\"",
                "storageAccounts/stcmkdata/blobServices/default\"");
        app.events.handle(vm, app.call.context);
        app.events.handle(child, app.call.context);
        assertEquals(2, app.call.logged.stream().filter(l -> l.contains("cannot hold a customer-managed key")).count(),
                app.call.logged::toString);
        assertEquals(0, app.waiting());
    }

    @Test
    void aWriteOnAnUnregisteredResourceStartsNothingWhenDiscoveryIsNotScoped() {
        TestApp app = new TestApp(dir);
        app.events.handle(write("x", TestApp.T0), app.call.context);
        assertTrue(app.call.logged.get(0).contains("is not registered"), app.call.logged::toString);
        assertEquals(0, app.waiting());
    }

    @Test
    void aWriteOnAnUnregisteredCmkTypeInTheDiscoveryScopeStartsOneDiscoveryPerWindow() {
        TestApp app = new TestApp(dir, Map.of(AppSettings.DISCOVERY_SCOPE, SUBSCRIPTION), () -> {
            throw new IllegalStateException("the discovery is only queued here, never run");
        });
        app.events.handle(write("d1", TestApp.T0.minusSeconds(30)), app.call.context);
        app.events.handle(write("d2", TestApp.T0.minusSeconds(20)), app.call.context);
        assertEquals(1, app.waiting(), app.call.logged::toString);
        assertTrue(app.next().getBody().toString().contains("\"kind\":\"discovery\""));
        assertTrue(app.call.logged.get(1).contains("a discovery was already started"), app.call.logged::toString);
    }

    @Test
    void whenStorageFailsTheEventIsThrownBackForEventGridToRedeliverAndTheRedeliveryStartsTheRun() {
        TestApp app = new TestApp(dir);
        registerAccount(app);
        String event = write("4db48cba-50a2-455a-93b4-de41a3b5b7f6", TestApp.T0.minusSeconds(30));
        // A started verification is queued on the runs' own queue.
        app.runsQueue.delete();
        assertThrows(RuntimeException.class, () -> app.events.handle(event, app.call.context),
                "the host answers Event Grid with a failure, so Event Grid retries");
        app.runsQueue.create();
        app.events.handle(event, app.call.context);
        assertEquals(1, app.waiting(), "the claim was given back: the redelivery queued the check");
        assertEquals(0, rejected(app).all().size(), "a passing failure is not a malformed event");
    }

    @Test
    void theDocumentedSecretSamplesAreIgnoredInBothSchemas() {
        TestApp app = new TestApp(dir);
        registerAccount(app);
        app.events.handle(sample("secret-new-version.eventgrid.json"), app.call.context);
        app.events.handle(sample("secret-new-version.cloudevents.json"), app.call.context);
        assertEquals(2, app.call.logged.stream()
                .filter(l -> l.contains("type Microsoft.KeyVault.SecretNewVersionCreated starts nothing")).count(),
                app.call.logged::toString);
        assertEquals(0, app.waiting());
        assertEquals(0, rejected(app).all().size());
    }

    @Test
    void aKeyNearingExpiryVerifiesEveryResourceOnTheKeyAtOnce() {
        TestApp app = new TestApp(dir);
        registerAccount(app);
        VerificationFlowTest.register(app, "stcmklogs");
        String near = keyEvent("Microsoft.KeyVault.KeyNearExpiry", VerificationFlowTest.KEY, TestEvidence.VERSION,
                TestApp.T0);
        app.events.handle(near, app.call.context);
        app.events.handle(near.replace("00eccf70", "11eccf70"), app.call.context);
        assertEquals(2, runIds(app).size(), app.call.logged::toString);
        assertEquals(2, app.waiting(), "one run per resource, once for the two deliveries");
    }

    /** The documented Key Vault sample turned into a key event (SOURCES.md says what changes). */
    static String keyEvent(String type, String keyUrl, String version, Instant time) {
        String vault = keyUrl.replaceFirst("https://([^.]+)\\..*", "$1");
        String name = keyUrl.substring(keyUrl.lastIndexOf('/') + 1);
        return sample("secret-new-version.eventgrid.json")
                .replace("Microsoft.KeyVault.SecretNewVersionCreated", type)
                .replace("https://sample-kv.vault.azure.net/secrets/newsecret/ee059b2bb5bc48398a53b168c6cdcb10",
                        keyUrl + "/" + version)
                .replace("\"Secret\"", "\"Key\"").replace("newsecret", name).replace("sample-kv", vault)
                .replace(" ee059b2bb5bc48398a53b168c6cdcb10", " " + version)
                .replace("2019-07-25T01:08:33.1036736Z", time.toString());
    }

    @Test
    void malformedEventsAreAnsweredClearlyKeptAndNeverThrownBack() {
        TestApp app = new TestApp(dir);
        registerAccount(app);
        Map<String, String> bad = Map.of(
                "not json", "event: is not JSON",
                "[1,2]", "event: must be one JSON object",
                write("t", TestApp.T0).replace("\"eventTime\"", "\"when\""), "eventTime: is required",
                write("u", TestApp.T0).replace(ACCOUNT_ID.replace("resourceGroups", "resourcegroups"), "not-an-arm-id"),
                "data.resourceUri: must be an Azure resource id",
                keyEvent("Microsoft.KeyVault.KeyNewVersionCreated", VerificationFlowTest.KEY, TestEvidence.VERSION,
                        TestApp.T0).replace("\" " + TestEvidence.VERSION, "\" nothex"), "data.Version: must be a key version",
                keyEvent("Microsoft.KeyVault.KeyExpired", "https://kv-cmk-prod.vault.azure.net/secrets/stg-cmk",
                        TestEvidence.VERSION, TestApp.T0), "data.Id: must be a Key Vault key URL",
                keyEvent("Microsoft.KeyVault.KeyNewVersionCreated", "https://kv-cmk-prod.vault.azure.net.evil.example/keys/stg-cmk",
                        TestEvidence.VERSION, TestApp.T0), "data.Id: must be a Key Vault key URL",
                write("old", Instant.parse("2018-07-19T18:38:04.6117357Z")), "since: must be within the last 90 days",
                cloudEvent(write("c", TestApp.T0)).replace("\"1.0\"", "\"0.3\""), "specversion: must be 1.0");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            app.events.handle(b.getKey(), app.call.context);
            String last = app.call.logged.get(app.call.logged.size() - 1);
            assertTrue(last.startsWith("CMKV_EVENT_REJECTED " + b.getValue()), last);
        }
        assertEquals(bad.size(), rejected(app).all().size(), "each one kept with its reason");
        assertEquals(0, app.waiting());
    }
}
