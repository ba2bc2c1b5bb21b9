package com.cmkverifier.functions;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.cmkverifier.application.AppSettings;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.TableKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registry writes under concurrency control: ETag on every read and write, If-Match on PUT and DELETE, 412
 * problem+json when the version moved on; deletions are tombstones; one unreadable stored row is skipped.
 */
class RegistryConcurrencyTest {

    private static final String ENTRY = "{\"type\":\"Microsoft.Storage/storageAccounts\",\"key\":\""
            + VerificationFlowTest.KEY + "\",\"identity\":{\"principalId\":\"" + VerificationFlowTest.PRINCIPAL
            + "\"},\"owner\":\"%s\"}";

    @TempDir
    Path dir;

    private static FunctionCall.Response get(TestApp app, String name) {
        return FunctionCall.of(app.resources.get(app.call.request(HttpMethod.GET, "/api/resources/" + name, null),
                name, app.call.context));
    }

    private static FunctionCall.Response put(TestApp app, String name, String owner, String ifMatch) {
        return FunctionCall.of(app.resources.put(app.call.signedIn(HttpMethod.PUT, "/api/resources/" + name,
                String.format(ENTRY, owner), ifMatch == null ? Map.of() : Map.of("if-match", ifMatch)), name,
                app.call.context));
    }

    private static FunctionCall.Response delete(TestApp app, String name, String ifMatch) {
        return FunctionCall.of(app.resources.delete(app.call.signedIn(HttpMethod.DELETE, "/api/resources/" + name,
                null, ifMatch == null ? Map.of() : Map.of("if-match", ifMatch)), name, app.call.context));
    }

    @Test
    void everyReadAndWriteCarriesAnETagAndAStaleIfMatchIsRefusedWith412() {
        TestApp app = new TestApp(dir);
        FunctionCall.Response created = put(app, "stcmkdata", "alice", null);
        assertEquals(201, created.code());
        String v1 = created.getHeader("ETag");
        assertNotNull(v1);
        assertEquals(v1, get(app, "stcmkdata").getHeader("ETag"));

        FunctionCall.Response bob = put(app, "stcmkdata", "bob", v1);
        assertEquals(200, bob.code(), () -> String.valueOf(bob.getBody()));
        String v2 = bob.getHeader("ETag");
        assertNotEquals(v1, v2);

        FunctionCall.Response stale = put(app, "stcmkdata", "carol", v1);
        assertEquals(412, stale.code());
        assertEquals(ApiResponse.PROBLEM_JSON, stale.getHeader("Content-Type"));
        assertEquals(412, stale.json().get("status").asInt());
        assertEquals("bob", get(app, "stcmkdata").json().get("owner").asText(), "carol's stale write changed nothing");

        assertEquals(412, delete(app, "stcmkdata", v1).code());
        assertEquals(200, get(app, "stcmkdata").code());
        assertEquals(204, delete(app, "stcmkdata", v2).code());
        assertEquals(404, get(app, "stcmkdata").code());
        assertEquals(412, put(app, "stcmkdata", "dave", v2).code(), "If-Match cannot name a deleted entry");
    }

    @Test
    void twoEditorsWithTheSameVersionAtOnceOneWinsTheOtherGets412() throws Exception {
        TestApp app = new TestApp(dir);
        String v1 = put(app, "stcmkdata", "alice", null).getHeader("ETag");
        int editors = 8;
        ExecutorService pool = Executors.newFixedThreadPool(editors);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < editors; i++) {
            String owner = "editor" + i;
            answers.add(pool.submit(() -> {
                go.await();
                return put(app, "stcmkdata", owner, v1).code();
            }));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : answers) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, codes.stream().filter(c -> c == 200).count(), "exactly one edit of version 1 wins: " + codes);
        assertEquals(editors - 1, codes.stream().filter(c -> c == 412).count(), codes.toString());
    }

    @Test
    void anUnreadableStoredRowIsSkippedAndNamedWhileTheRestIsServedAndSwept() {
        TestApp app = new TestApp(dir);
        put(app, "stcmkdata", "alice", null);
        TableClient registry = new TableServiceClientBuilder().connectionString(Azurite.connection()).buildClient()
                .getTableClient(app.env.get(AppSettings.TABLE_PREFIX) + "registry");
        // What an older version could have stored and this one no longer accepts.
        registry.upsertEntity(new TableEntity("resource", TableKeys.of("stold")).addProperty("name", "stold")
                .addProperty("entry", "{\"name\":\"stold\",\"type\":\"Microsoft.Storage/storageAccounts\"}"));

        FunctionCall.Response list = FunctionCall.of(app.resources.list(
                app.call.request(HttpMethod.GET, "/api/resources", null), app.call.context));
        assertEquals(200, list.code(), () -> String.valueOf(list.getBody()));
        JsonNode body = list.json();
        assertEquals(1, body.get("resources").size());
        assertEquals("stcmkdata", body.at("/resources/0/name").asText());
        assertEquals("stold", body.at("/unreadable/0/name").asText());
        assertTrue(body.at("/unreadable/0/problem").asText().contains("no longer valid"));
        assertEquals(1, app.call.logged.stream().filter(l -> l.contains("'stold'") && l.contains("skipped")).count());

        app.sweeps.sweep(String.format(SweepTest.TIMER, false), app.call.context);
        app.deliverAll();
        JsonNode sweep = FunctionCall.of(app.sweeps.latest(app.call.request(HttpMethod.GET, "/api/sweeps/latest",
                null), app.call.context)).json();
        assertEquals("done", sweep.get("state").asText());
        assertEquals(2, sweep.get("results").size(), "the readable entry, and a result naming the unreadable one");
        JsonNode old = sweep.at("/results/1");
        assertEquals("stold", old.get("resource").asText());
        assertEquals("INCONCLUSIVE", old.get("status").asText());
        assertTrue(old.get("reason").asText().contains("no longer valid"), old.toString());
    }
}
