package com.cmkverifier.reliability;

import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thousand verifications through one set of live sources, each run hit by another fault on resource 0's vault
 * or workspace: every run ends with resource 0 INCONCLUSIVE and resource 1 VERIFIED, and afterwards no thread
 * and no connection is left over. Retries wait about a millisecond, so the thousand runs cost no waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepeatedFaultsTest {

    private static final int RUNS = 1000;
    private static final int MAX_RETRIES = 1;
    /** Threads the JDK and the SDK may start once and keep (selector, scheduler, cleaner threads). */
    private static final int THREAD_SLACK = 10;
    /** Pooled keep-alive connections a client may hold per server: at most one per concurrent request. */
    private static final int CONNECTION_BOUND = 8;

    private record Hit(WireFault fault, boolean onVault) {
    }

    private static final List<Hit> ROTATION = List.of(new Hit(WireFault.INTERNAL_ERROR_500, true),
            new Hit(WireFault.UNAVAILABLE_503, true), new Hit(WireFault.CONNECTION_DROPPED, true),
            new Hit(WireFault.MALFORMED_JSON, true), new Hit(WireFault.TRUNCATED_BODY, true),
            new Hit(WireFault.PARTIAL_ERROR, false), new Hit(WireFault.GATEWAY_TIMEOUT_504, false),
            new Hit(WireFault.WRONG_COLUMNS, false), new Hit(WireFault.CONNECTION_DROPPED, false),
            new Hit(WireFault.TRUNCATED_BODY, false), new Hit(WireFault.MALFORMED_JSON, false));

    private final Estate estate = new Estate(2);
    private LiveSources sources;
    private int threadsBefore;
    private int threadsAfter;
    private final int[] outcomes = new int[2];

    @BeforeAll
    void runAThousandFaultyVerifications() throws InterruptedException {
        sources = estate.sources(MAX_RETRIES);
        estate.verify(sources);
        threadsBefore = liveThreads();
        for (int run = 0; run < RUNS; run++) {
            Hit hit = ROTATION.get(run % ROTATION.size());
            WireServer server = hit.onVault ? estate.vault.server() : estate.logs.server();
            Predicate<Received> target = hit.onVault ? Estate.vaultOf(0)
                    : Estate.activityQueriesOf(Estate.workspace(0));
            hit.fault.inject(server, target);
            VerificationReport report = estate.verify(sources);
            server.clearFaults();
            Verdict hitVerdict = Estate.verdictOf(report, 0);
            if (hitVerdict.status() == VerdictStatus.INCONCLUSIVE && hitVerdict.has(FindingCode.SOURCE_INCOMPLETE)) {
                outcomes[0]++;
            }
            if (Estate.verdictOf(report, 1).status() == VerdictStatus.VERIFIED) {
                outcomes[1]++;
            }
        }
        threadsAfter = settledThreadCount(threadsBefore + THREAD_SLACK);
    }

    @AfterAll
    void stop() {
        estate.close();
    }

    private static int liveThreads() {
        return Thread.getAllStackTraces().size();
    }

    /** Worker pools end asynchronously after shutdown: give them a bounded chance to finish. */
    private static int settledThreadCount(int target) throws InterruptedException {
        for (int i = 0; i < 50 && liveThreads() > target; i++) {
            Thread.sleep(100);
        }
        return liveThreads();
    }

    @Test
    void everyFaultyRunEndsInconclusiveForTheHitResourceOnly() {
        assertEquals(RUNS, outcomes[0], "runs with resource 0 INCONCLUSIVE and SOURCE_INCOMPLETE");
        assertEquals(RUNS, outcomes[1], "runs with resource 1 VERIFIED");
    }

    @Test
    void noThreadIsLeftOverAfterAThousandFaultyRuns() {
        assertTrue(threadsAfter <= threadsBefore + THREAD_SLACK, threadsBefore + " threads before, " + threadsAfter
                + " after: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
    }

    @Test
    void noConnectionIsLeftOpenAfterAThousandFaultyRuns() {
        for (Map.Entry<String, WireServer> s : Map.of("Key Vault", estate.vault.server(),
                "Log Analytics", estate.logs.server()).entrySet()) {
            int open = s.getValue().connectionsOpen();
            assertTrue(open >= 0, "this check reads /proc/net/tcp (Linux)");
            assertTrue(open <= CONNECTION_BOUND, s.getKey() + ": " + open + " connections open, "
                    + s.getValue().connectionsOpened() + " opened in all");
        }
    }
}
