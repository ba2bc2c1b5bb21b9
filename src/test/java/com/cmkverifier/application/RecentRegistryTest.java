package com.cmkverifier.application;

import com.azure.core.http.HttpMethod;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.RegistryChange;
import com.cmkverifier.state.RegistrySnapshot;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.testing.TestClock;
import com.cmkverifier.testing.wire.Fleet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shards of one instance share one read of the registry (the real Table client on Azurite, its listing
 * requests counted), renewed once it is {@link RecentRegistry#REUSE} old or older than the shard's sweep.
 */
class RecentRegistryTest {

    private static final Fleet FLEET = new Fleet(300, 10, 60, 2);
    private static final int THREADS = 8;

    @Test
    void shardsCheckedAtOnceReadTheRegistryOnceAndSeeADeletionOnceTheReadIsRenewed() throws Exception {
        AtomicInteger listings = new AtomicInteger();
        TableClient counted = new TableClientBuilder().connectionString(Azurite.connection())
                .tableName(Azurite.uniqueName("registry")).addPolicy((context, next) -> {
                    if (context.getHttpRequest().getHttpMethod() == HttpMethod.GET
                            && context.getHttpRequest().getUrl().getPath().endsWith("()")) {
                        listings.incrementAndGet();
                    }
                    return next.process();
                }).buildClient();
        RegistryStore store = new RegistryStore(counted);
        store.addAllIfAbsent(FLEET.resources(), new RegistryChange("seed", Fleet.AT));
        TestClock clock = new TestClock(Fleet.AT);
        RecentRegistry recent = new RecentRegistry(store, clock);
        Instant sweepStart = clock.instant();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RegistrySnapshot>> reads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            reads.add(pool.submit(() -> {
                go.await();
                return recent.snapshot(sweepStart);
            }));
        }
        go.countDown();
        for (Future<RegistrySnapshot> r : reads) {
            assertEquals(300, r.get().registry().size());
        }
        pool.shutdown();
        assertEquals(1, listings.get(), THREADS + " shards at once, one listing of the registry (one page)");

        String gone = FLEET.resources().get(0).name();
        store.delete(gone, null, new RegistryChange("alice", Fleet.AT));
        clock.advance(RecentRegistry.REUSE.minusSeconds(1));
        assertTrue(recent.snapshot(sweepStart).registry().find(gone).isPresent(), "within the reuse bound: the read");
        assertEquals(1, listings.get());

        clock.advance(Duration.ofSeconds(1));
        assertFalse(recent.snapshot(sweepStart).registry().find(gone).isPresent(), "renewed: the deletion is seen");
        assertEquals(2, listings.get());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(299, recent.snapshot(clock.instant()).registry().size());
        assertEquals(3, listings.get(), "a sweep started after the read reads the registry again");
        assertEquals(Duration.ofMinutes(10), RecentRegistry.REUSE);
    }
}
