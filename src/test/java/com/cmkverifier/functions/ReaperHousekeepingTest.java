package com.cmkverifier.functions;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.Reaper;
import com.cmkverifier.state.DiscoveryRun;
import com.cmkverifier.state.DiscoveryStore;
import com.cmkverifier.state.StorageClients;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 point 6: the reaper reads only the pending runs that are due (an index by due time), skips and names
 * a run row it cannot read, and deletes finished runs, sweeps and discoveries once past the retention.
 */
class ReaperHousekeepingTest {

    @TempDir
    Path dir;

    private static TableClient table(TestApp app, String name) {
        return new StorageClients(AppSettings.from(app.env).storage()).tables()
                .getTableClient(app.env.get(AppSettings.TABLE_PREFIX) + name);
    }

    /** A stored run row that no reader can parse: a timeout that is not a duration. */
    private static void corrupt(TestApp app, String runId) {
        table(app, "runs").updateEntity(new TableEntity(runId, "run").addProperty("timeout", "soon"),
                TableEntityUpdateMode.MERGE);
    }

    @Test
    void anUnreadableRunIsSkippedAndNamedAndRunsNotYetDueAreNotRead() {
        TestApp app = new TestApp(dir);
        VerificationFlowTest.register(app, "stcmkdata");
        String broken = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");
        String lost = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");
        app.clock.advance(Duration.ofMinutes(11));
        String notDue = VerificationFlowTest.start(app, "{\"resource\":\"stcmkdata\"}");
        app.clearQueues();
        corrupt(app, broken);
        corrupt(app, notDue);

        Reaper.Pass pass = app.context.reaper().reap();
        assertEquals(List.of(broken), pass.unreadableRuns(), "named; the run not yet due was not even read");
        assertEquals(1, pass.runsRedriven(), "the other overdue run is re-driven all the same");
        assertEquals(1, app.waiting());
        assertEquals(lost, app.next().getBody().toString().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1"));
    }

    @Test
    void finishedRunsSweepsAndDiscoveriesArePurgedPastTheRetentionAndPendingWorkIsKept(@TempDir Path registryDir)
            throws Exception {
        TestApp app = ReaperTest.swept(dir, registryDir, 10);
        int shards = app.deliverAll();
        assertEquals(4, shards, "one shard per workspace");
        String sweepId = FunctionCall.of(app.sweeps.latest(app.call.request(HttpMethod.GET, "/api/sweeps/latest", null),
                app.call.context)).json().get("id").asText();
        String run = VerificationFlowTest.start(app, "{\"resource\":\"st0000\"}");
        app.jobs.poisoned(VerificationFlowTest.take(app), app.call.context);
        DiscoveryStore discoveries = new DiscoveryStore(table(app, "discoveries"));
        for (String id : List.of("d-old", "d-latest")) {
            DiscoveryRun d = discoveries.create(DiscoveryRun.start(id, "timer", app.clock.instant(),
                    app.clock.instant().plus(Duration.ofHours(1))));
            assertTrue(discoveries.replace(d.merged(app.clock.instant(), "{}")));
        }

        app.clock.advance(Duration.ofDays(29));
        String pending = VerificationFlowTest.start(app, "{\"resource\":\"st0001\"}");
        assertEquals(0, app.context.reaper().reap().purged(), "within the retention nothing goes");
        app.clock.advance(Duration.ofDays(2));
        Reaper.Pass pass = app.context.reaper().reap();

        assertEquals(1 + 1 + shards + 10 + 1, pass.purged(), "one run; the sweep's header, shards, 10 results; a discovery");
        assertEquals(404, VerificationFlowTest.poll(app, run).code());
        assertEquals(404, FunctionCall.of(app.sweeps.get(app.call.request(HttpMethod.GET, "/api/sweeps/" + sweepId,
                null), sweepId, app.call.context)).code());
        assertTrue(discoveries.find("d-old").isEmpty());
        assertTrue(discoveries.find("d-latest").isPresent(), "the latest discovery stays readable");
        assertEquals(1, pass.runsEnded(), "the run still pending was ended at its deadline, not purged");
        assertEquals(200, VerificationFlowTest.poll(app, pending).code());
        assertEquals(0, app.context.reaper().reap().purged(), "purged once");
    }
}
