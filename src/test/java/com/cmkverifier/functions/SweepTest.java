package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** A registry file of {@code n} storage accounts spread over {@link #WORKSPACES} workspaces, in {@code dir}. */
    static Path registry(Path dir, int n) throws IOException {
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
        Path registry = registry(dir, n);
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
