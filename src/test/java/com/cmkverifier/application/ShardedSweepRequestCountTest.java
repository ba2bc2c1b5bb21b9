package com.cmkverifier.application;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.state.SweepShard;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.LiveRig;
import com.cmkverifier.testing.wire.SweepPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A sweep cut into shards (as the timer cuts it) still reads each key once: 600 resources on 60 keys (ten
 * resources a key, whose names interleave with other keys'), 10 vaults, 2 workspaces, shards of 50. Counts the
 * real SDK clients' requests against the wire fakes, shard by shard, against the plan's minimum.
 */
class ShardedSweepRequestCountTest {

    private static final int BATCH = 200;
    private static final Fleet FLEET = new Fleet(600, 10, 60, 2);

    @Test
    void everyKeyIsReadOnceAndEachShardSendsTheQueriesOfItsOwnKeys() {
        List<SweepShard> shards = Shards.plan("s1", FLEET.registry(), 50, Fleet.AT);
        Map<String, ProtectedResource> byName = FLEET.resources().stream()
                .collect(Collectors.toMap(ProtectedResource::name, Function.identity()));
        List<List<ProtectedResource>> members = shards.stream()
                .map(s -> s.members().stream().map(byName::get).toList()).toList();
        SweepPlan plan = SweepPlan.of(members, BATCH);

        try (LiveRig rig = new LiveRig(FLEET, BATCH, 8, Duration.ZERO, Duration.ZERO)) {
            VerificationService service = rig.service();
            members.forEach(m -> service.verify(FLEET.registry(), m, Fleet.WINDOW, Fleet.AT));

            assertEquals(2L * 60 + Fleet.keysPinnedToOlder(FLEET.resources()).size(), plan.keyVaultReads());
            assertEquals(plan.keyVaultReads(), rig.vault().authenticatedRequests(), "Key Vault reads");
            assertEquals(plan.logQueries(), rig.logs().queries("activity") + rig.logs().queries("names"));
        }
    }
}
