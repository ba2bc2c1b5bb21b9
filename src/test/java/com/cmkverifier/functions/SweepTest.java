package com.cmkverifier.functions;

import com.cmkverifier.application.JobWorker;
import com.cmkverifier.application.AppSettings;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.cmkverifier.application.Sweeps;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.SweepStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer sweeps every registered resource, fanned out through the queue in shards of one workspace. */
class SweepTest {

    static final int RESOURCES = 1000;
    static final int WORKSPACES = 4;
    static final String TIMER = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":"
            + "\"2025-02-28T02:00:00+00:00\",\"Next\":\"2025-03-01T02:00:00+00:00\",\"LastUpdated\":"
            + "\"2025-02-28T02:00:00+00:00\"},\"IsPastDue\":%s}";

    @TempDir
    Path dir;

    static String principal(int i) {
        return String.format("%08d-0000-4000-8000-000000000000", i);
    }

    static String key(int i) {
        return "https://kv-cmk-" + (i % WORKSPACES) + ".vault.azure.net/keys/k" + i;
    }

    /** A registry file of {@code n} storage accounts spread over {@link #WORKSPACES} workspaces. */
    Path registry(int n) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("resources");
        for (int i = 0; i < n; i++) {
            ObjectNode e = list.addObject();
            e.put("name", String.format("st%04d", i));
            e.put("type", "Microsoft.Storage/storageAccounts");
            e.put("key", key(i));
            e.putObject("identity").put("principalId", principal(i));
            e.put("workspaceId", String.format("aaaaaaaa-0000-4000-8000-%012d", i % WORKSPACES));
        }
        Path file = dir.resolve("registry.json");
        Files.writeString(file, root.toString());
        return file;
    }

    private TestApp app(int n) throws IOException {
        Path registry = registry(n);
        List<String> keys = IntStream.range(0, n).mapToObj(SweepTest::key).toList();
        return new TestApp(dir, keys, Map.of(AppSettings.REGISTRY_SEED_FILE, registry.toString()));
    }

    private static FunctionCall.Response latest(TestApp app) {
        return FunctionCall.of(app.sweeps.latest(app.call.request(HttpMethod.GET, "/api/sweeps/latest", null),
                app.call.context));
    }

    @Test
    void aSweepOfAThousandResourcesQueuesOneMessagePerShardAndEndsWithAThousandResults() throws IOException {
        TestApp app = app(RESOURCES);
        for (int i = 0; i < 10; i++) {
            app.evidence.unwrap(key(i), principal(i), TestApp.T0.minusSeconds(3600));
        }
        app.sweeps.sweep(String.format(TIMER, false), app.call.context);
        int shards = WORKSPACES * (int) Math.ceil(RESOURCES / (double) WORKSPACES / 200);
        assertEquals(shards, app.waiting());
        assertEquals("running", latest(app).json().get("state").asText());

        assertEquals(shards, app.deliverAll());

        JsonNode sweep = latest(app).json();
        assertEquals("done", sweep.get("state").asText());
        assertEquals(shards, sweep.at("/shards/done").asInt());
        assertEquals(RESOURCES, sweep.at("/resources/done").asInt());
        assertEquals(RESOURCES, sweep.get("results").size());
        assertEquals(10, sweep.at("/summary/VERIFIED").asInt());
        assertEquals(RESOURCES - 10, sweep.at("/summary/INCONCLUSIVE").asInt());
        assertEquals(shards, app.evidence.logReads.get(), "one log read serves a whole shard");
    }

    @Test
    void aPastDueFiringSweepsOnceAndOnlyOnce() throws IOException {
        TestApp app = app(300);
        app.sweeps.sweep(String.format(TIMER, true), app.call.context);
        app.sweeps.sweep(String.format(TIMER, true), app.call.context);
        assertEquals(WORKSPACES, app.waiting(), "one message per shard, not two");
        JsonNode sweep = latest(app).json();
        assertEquals("sweep-20250301T0200Z", sweep.get("id").asText());
        assertEquals("timer (past due)", sweep.get("trigger").asText());
    }

    @Test
    void aShardWhoseChecksKeepFailingRecordsItsResourcesInconclusiveWithAReason() throws IOException {
        TestApp app = app(8);
        app.sweeps.sweep(String.format(TIMER, false), app.call.context);
        app.evidence.failing = true;
        for (int i = 0; i < WORKSPACES; i++) {
            app.jobs.run(app.next().getBody().toString(), JobWorker.MAX_DEQUEUE_COUNT, app.call.context);
        }
        JsonNode sweep = latest(app).json();
        assertEquals("done", sweep.get("state").asText());
        assertEquals(8, sweep.at("/summary/INCONCLUSIVE").asInt());
        assertTrue(sweep.at("/results/0/reason").asText().contains("failed on all"));
    }

    @Test
    void aFiringThatDiesBetweenItsWritesIsCompletedByTheNextFiringExactlyOnce() throws IOException {
        String prefix = Azurite.uniqueName("t");
        TestApp app = new TestApp(dir, IntStream.range(0, 300).mapToObj(SweepTest::key).toList(),
                Map.of(AppSettings.REGISTRY_SEED_FILE, registry(300).toString(), AppSettings.TABLE_PREFIX, prefix,
                        AppSettings.SHARD_SIZE, "10"));
        AtomicInteger writes = new AtomicInteger();
        AtomicBoolean armed = new AtomicBoolean();
        TableClient dying = new TableClientBuilder().connectionString(Azurite.connection()).tableName(prefix + "sweeps")
                .addPolicy((context, next) -> armed.get() && !context.getHttpRequest().getHttpMethod().equals(
                        com.azure.core.http.HttpMethod.GET) && writes.incrementAndGet() >= 2
                        ? Mono.error(new IllegalStateException("the host stopped the function"))
                        : next.process())
                .buildClient();
        Sweeps firstFiring = new Sweeps(new RegistryStore(new TableClientBuilder().connectionString(Azurite.connection())
                .tableName(prefix + "registry").buildClient()), new SweepStore(dying),
                new JobQueue(app.queue, app.runsQueue), app.clock, Duration.ofDays(1), 10);
        armed.set(true);
        assertThrows(RuntimeException.class, () -> firstFiring.start(Instant.parse("2025-03-01T02:00:00Z"), false));
        assertEquals(0, app.waiting(), "it died before queueing anything");

        app.sweeps.sweep(String.format(TIMER, true), app.call.context);
        app.sweeps.sweep(String.format(TIMER, true), app.call.context);
        assertEquals(32, app.waiting(), "one message per shard, once");
        assertEquals(32, app.deliverAll());
        FunctionCall.Response latest = latest(app);
        assertEquals(200, latest.code(), () -> String.valueOf(latest.getBody()));
        JsonNode sweep = latest.json();
        assertEquals("done", sweep.get("state").asText());
        assertEquals(300, sweep.at("/resources/done").asInt());
        assertEquals(300, sweep.get("results").size());
    }

    @Test
    void aContinuationTokenThatNoPageGaveIsRefusedNamingTheField() throws IOException {
        TestApp app = app(4);
        app.sweeps.sweep(String.format(TIMER, false), app.call.context);
        FunctionCall.Response r = FunctionCall.of(app.sweeps.latest(app.call.request(HttpMethod.GET,
                "/api/sweeps/latest?continuationToken=x'%20or%20''='", null), app.call.context));
        assertEquals(400, r.code());
        assertEquals("continuationToken", r.json().get("field").asText());
    }

    @Test
    void aSweepIsFoundByItsId() throws IOException {
        TestApp app = app(4);
        app.sweeps.sweep(String.format(TIMER, false), app.call.context);
        FunctionCall.Response r = FunctionCall.of(app.sweeps.get(app.call.request(HttpMethod.GET,
                "/api/sweeps/sweep-20250301T0200Z", null), "sweep-20250301T0200Z", app.call.context));
        assertEquals(200, r.code());
        assertEquals(4, r.json().at("/resources/total").asInt());
    }

    @Test
    void anUnknownSweepIsNotFound() throws IOException {
        TestApp app = app(1);
        assertEquals(404, latest(app).code(), "no sweep yet");
        assertEquals(404, FunctionCall.of(app.sweeps.get(app.call.request(HttpMethod.GET, "/api/sweeps/x", null),
                "sweep-' or ''='", app.call.context)).code());
    }
}
