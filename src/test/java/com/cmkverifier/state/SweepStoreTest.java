package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
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
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A sweep's counts live on its header: added once per finished shard, read without touching the results. */
class SweepStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T02:00:00Z");
    private static final int SHARDS = 5;
    private static final int PER_SHARD = 500;

    @Test
    void readingAnyPageOfALargeSweepCostsTheHeaderAndThePageNeverAScanOfTheResults() throws Exception {
        String name = Azurite.uniqueName("sweeps");
        AtomicInteger requests = new AtomicInteger();
        TableClient counted = new TableClientBuilder().connectionString(Azurite.connection()).tableName(name)
                .addPolicy((context, next) -> {
                    requests.incrementAndGet();
                    return next.process();
                }).buildClient();
        SweepStore store = new SweepStore(counted);
        String id = "sweep-20250301T0200Z";
        List<SweepShard> shards = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            int from = s * PER_SHARD;
            shards.add(new SweepShard(id, s, null, IntStream.range(from, from + PER_SHARD)
                    .mapToObj(i -> String.format("st%05d", i)).toList(), false, T0));
        }
        store.create(new Sweep(id, T0, Window.ending(T0, Duration.ofDays(1)), SHARDS, SHARDS * PER_SHARD, "timer",
                false), shards);

        // Every shard finished by two workers at once: each is counted exactly once.
        ExecutorService pool = Executors.newFixedThreadPool(2 * SHARDS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (SweepShard shard : shards) {
            List<SweepResult> results = shard.members().stream().map(m -> new SweepResult(m,
                    m.endsWith("0") ? VerdictStatus.FAILED : VerdictStatus.VERIFIED, List.of(), null)).toList();
            store.recordAll(id, results);
            for (int worker = 0; worker < 2; worker++) {
                done.add(pool.submit(() -> {
                    go.await();
                    store.finish(shard, SweepStore.counts(results.stream().map(SweepResult::status).toList()));
                    return null;
                }));
            }
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        String token = store.progress(id, null, 1000).orElseThrow().continuationToken();
        token = store.progress(id, token, 1000).orElseThrow().continuationToken();
        requests.set(0);
        SweepProgress last = store.progress(id, token, 1000).orElseThrow();

        assertEquals(500, last.results().size());
        assertEquals(SHARDS, last.shardsDone());
        assertEquals(SHARDS * PER_SHARD / 10, last.counts().get(VerdictStatus.FAILED));
        assertEquals(SHARDS * PER_SHARD * 9 / 10, last.counts().get(VerdictStatus.VERIFIED));
        assertEquals(3, requests.get(), "the header (twice) and the page; no scan of 2,500 results");
    }
}
