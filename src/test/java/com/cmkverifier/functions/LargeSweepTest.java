package com.cmkverifier.functions;

import com.azure.storage.queue.models.QueueMessageItem;
import com.cmkverifier.application.AppSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: a 10,000-resource sweep on an Azurite of its own that is stopped and restarted mid-way, with one
 * worker killed mid-shard (its results written, the shard not marked done), ends with 10,000 results: none
 * missing, none twice. Read back page by page through the API.
 */
class LargeSweepTest {

    static final int RESOURCES = 10_000;
    static final int SHARD_SIZE = 500;
    static final int SHARDS = RESOURCES / SHARD_SIZE;

    @TempDir
    Path dir;

    @Test
    void tenThousandResourcesThroughAnOutageAndAKilledWorkerGiveTenThousandResults() throws Exception {
        SweepTest sweeps = new SweepTest();
        sweeps.dir = dir;
        Path registry = sweeps.registry(RESOURCES);
        try (OwnAzurite storage = new OwnAzurite(dir.resolve("azurite"))) {
            TestApp app = new TestApp(dir.resolve("evidence"),
                    IntStream.range(0, RESOURCES).mapToObj(SweepTest::key).toList(),
                    Map.of(AppSettings.STORAGE, storage.connection(), AppSettings.REGISTRY_SEED_FILE,
                            registry.toString(), AppSettings.SHARD_SIZE, String.valueOf(SHARD_SIZE)));
            app.sweeps.sweep(String.format(SweepTest.TIMER, false), app.call.context);
            assertEquals(SHARDS, app.waiting());

            for (int i = 0; i < SHARDS / 4; i++) {
                deliverOne(app);
            }

            // A worker is killed after logging 100 of its shard's 500 verdict lines: results written, shard not done.
            QueueMessageItem killed = app.next();
            FunctionCall dying = new FunctionCall(100);
            assertThrows(IllegalStateException.class,
                    () -> app.jobs.run(killed.getBody().toString(), killed.getDequeueCount(), dying.context));
            // Its lease runs out (Azurite's clock cannot be moved): the message is visible again.
            app.queue.updateMessage(killed.getMessageId(), killed.getPopReceipt(), killed.getBody().toString(),
                    Duration.ZERO);

            // Storage stops with a message in a worker's hands; the check fails and the message stays queued.
            QueueMessageItem inHand = app.next();
            storage.stop();
            assertThrows(RuntimeException.class,
                    () -> app.jobs.run(inHand.getBody().toString(), inHand.getDequeueCount(), app.call.context));
            storage.start();
            app.queue.updateMessage(inHand.getMessageId(), inHand.getPopReceipt(), inHand.getBody().toString(),
                    Duration.ZERO);

            assertEquals(SHARDS - SHARDS / 4, app.deliverAll(), "every other shard, the killed and the "
                    + "interrupted one included, once after the faults");

            Set<String> names = new HashSet<>();
            int rows = 0;
            int pages = 0;
            JsonNode page = latest(app, null);
            assertEquals("done", page.get("state").asText());
            assertEquals(RESOURCES, page.at("/resources/done").asInt());
            assertEquals(RESOURCES, page.at("/summary/INCONCLUSIVE").asInt());
            while (true) {
                pages++;
                for (JsonNode r : page.get("results")) {
                    names.add(r.get("resource").asText());
                    rows++;
                }
                if (!page.has("continuationToken")) {
                    break;
                }
                page = latest(app, page.get("continuationToken").asText());
            }
            assertEquals(RESOURCES, rows, "none twice");
            assertEquals(RESOURCES, names.size(), "none missing");
            assertEquals(10, pages, "1,000 results a page");
            // Past every grace (shards 30 minutes, runs 10, sweep starts 10): whatever was left would be re-driven now.
            app.clock.advance(Duration.ofHours(1));
            assertEquals(0, app.context.reaper().reap(app.call.context.getLogger()::info).shardsRedriven(),
                    "nothing left behind");
            app.jobs.reap("{}", app.call.context);
            assertEquals(0, app.waiting(), "the reaper's timer found nothing to complete or re-drive");
            assertTrue(names.containsAll(List.of("st0000", "st9999")));
        }
    }

    private static void deliverOne(TestApp app) {
        QueueMessageItem m = app.next();
        app.jobs.run(m.getBody().toString(), m.getDequeueCount(), app.call.context);
        app.queue.deleteMessage(m.getMessageId(), m.getPopReceipt());
    }

    private static JsonNode latest(TestApp app, String token) {
        String path = "/api/sweeps/latest" + (token == null ? "" : "?continuationToken=" + token);
        return FunctionCall.of(app.sweeps.latest(app.call.request(HttpMethod.GET, path, null), app.call.context)).json();
    }
}
