package com.cmkverifier.evidence.live;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.LiveRig;
import com.cmkverifier.testing.wire.SweepPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the sweep's request counts, so that a change cannot bring back per-resource queries or per-resource
 * metadata reads: 2,000 resources on 200 keys in 50 vaults, logging to 2 workspaces, through the real SDK
 * clients against the wire-level fakes. Counts only; the timings are in {@code bench/sweep-cost.sh}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepRequestCountTest {

    private static final int BATCH = 60;
    private static final Fleet FLEET = new Fleet(2_000, 50, 200, 2);

    private static final SweepPlan PLAN = SweepPlan.wholeWorkspaces(FLEET.resources(), BATCH);

    private final LiveRig rig = new LiveRig(FLEET, BATCH, 8, Duration.ZERO, Duration.ZERO);

    @BeforeAll
    void sweep() {
        rig.service().verify(FLEET.registry(), FLEET.resources(), Fleet.WINDOW, Fleet.AT);
    }

    @AfterAll
    void stop() {
        rig.close();
    }

    @Test
    void sweepReadsEachDistinctKeyOnceWhateverTheNumberOfResources() {
        Map<String, Long> reads = new TreeMap<>(rig.vault().requestsByKind());
        reads.remove("challenge");
        // The minimum the rules need, per key: the latest version and one page of the version listing; plus the
        // pinned older version of the keys that resources pin to it. No rotation policy: no rule reads it.
        assertEquals(Map.of("get", 200L, "versions", 200L,
                "version", (long) Fleet.keysPinnedToOlder(FLEET.resources()).size()), reads);
        assertEquals(PLAN.keyVaultReads(), rig.vault().authenticatedRequests(), "the plan's minimum");
    }

    @Test
    void bearerChallengesAreAtMostOnePerVaultAndReader() {
        long challenges = rig.vault().requestsByKind().getOrDefault("challenge", 0L);
        assertTrue(challenges <= 50 + 8, "challenges: " + challenges);
    }

    @Test
    void sweepSendsOneLogQueryPerWorkspaceAndBatchAndOneNamesQueryPerWorkspace() {
        // 100 keys per workspace in batches of 60: two queries each.
        assertEquals(4, rig.logs().queries("activity"));
        assertEquals(2, rig.logs().queries("names"));
        assertEquals(PLAN.logQueries(), rig.logs().queries("activity") + rig.logs().queries("names"), "the plan");
    }

    @Test
    void concurrentSweepsTogetherStayWithinTheKeyVaultAndLogsConcurrencyBounds() {
        Fleet small = new Fleet(200, 10, 40, 2);
        try (LiveRig slow = new LiveRig(small, 5, 3, Duration.ofMillis(20), Duration.ofMillis(50))) {
            VerificationService service = slow.service();
            List<CompletableFuture<?>> sweeps = new ArrayList<>();
            for (List<ProtectedResource> half : List.of(small.resources().subList(0, 100),
                    small.resources().subList(100, 200))) {
                sweeps.add(CompletableFuture.runAsync(() -> service.verify(small.registry(), half, Fleet.WINDOW,
                        Fleet.AT)));
            }
            sweeps.forEach(CompletableFuture::join);

            assertTrue(slow.vault().server().maxInFlight() <= 3, "Key Vault: " + slow.vault().server().maxInFlight());
            assertTrue(slow.logs().server().maxInFlight() <= 4, "Logs: " + slow.logs().server().maxInFlight());
        }
    }
}
