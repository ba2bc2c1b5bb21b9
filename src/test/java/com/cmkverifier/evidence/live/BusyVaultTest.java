package com.cmkverifier.evidence.live;

import com.cmkverifier.state.MemoryQuotaStore;
import com.cmkverifier.state.QuotaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Far more threads want one vault of a known subscription than its slice holds tokens, in three instances at once
 * (three gates over one store): every request still gets through, and the vault's tokens are spent, not thrown
 * away. A gate that held its subscription token while queueing for the vault's, and threw the vault's away when
 * the other had gone stale, let almost nothing through (QuotaAcrossProcessesTest saw 18 of 72 requests in 60 s).
 */
class BusyVaultTest {

    private static final String VAULT = "kv-busy.vault.azure.net";
    /** Budget 10 per 400 ms window, 2 slices: 2 tokens of the vault per 200 ms slice, 12 of the subscription. */
    private static final QuotaSettings SETTINGS = new QuotaSettings(100, 10, Duration.ofMillis(400), 2, 8, 5, 200,
            Duration.ofSeconds(30), "app");
    private static final int GATES = 3;
    private static final int THREADS = 8;
    private static final int EACH = 3;

    /** Counts the tokens the store granted, per scope kind. */
    private static final class CountingStore implements QuotaStore {
        final QuotaStore inner = new MemoryQuotaStore();
        final AtomicInteger vaultTokens = new AtomicInteger();

        @Override
        public Claim claim(String scope, long slice, int cap, int wanted, Instant now) {
            Claim c = inner.claim(scope, slice, cap, wanted, now);
            if (scope.startsWith("vault-")) {
                vaultTokens.addAndGet(c.granted());
            }
            return c;
        }

        @Override
        public void holdOff(String scope, Instant notBefore) {
            inner.holdOff(scope, notBefore);
        }

        @Override
        public int takeSlot(String scope, int slots, Instant now, Instant until) {
            return inner.takeSlot(scope, slots, now, until);
        }

        @Override
        public void freeSlot(String scope, int slot) {
            inner.freeSlot(scope, slot);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyRequestToABusyVaultGetsThroughAndItsTokensAreSpentNotThrownAway() throws Exception {
        CountingStore store = new CountingStore();
        List<QuotaGate> gates = new ArrayList<>();
        for (int g = 0; g < GATES; g++) {
            QuotaGate gate = new QuotaGate(store, SETTINGS, Clock.systemUTC());
            gate.learnSubscriptions(Map.of(VAULT, "00000000-0000-0000-0000-0000000000b1"));
            gates.add(gate);
        }
        ExecutorService pool = Executors.newFixedThreadPool(GATES * THREADS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        try {
            for (QuotaGate gate : gates) {
                for (int t = 0; t < THREADS; t++) {
                    all.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < EACH; i++) {
                            gate.enterVault(VAULT);
                            entered.incrementAndGet();
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            // A guard, not a measurement: 72 requests at 2 a slice need 36 slices, about 7 s.
            for (Future<?> f : all) {
                f.get(100, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        int requests = GATES * THREADS * EACH;
        assertEquals(requests, entered.get(), "every request got through");
        // A token an instance claimed lapses only when its slice ends before one of its threads spends it: at most
        // the slice's cap per slice and instance, and far fewer than one thrown away per request.
        assertTrue(store.vaultTokens.get() <= 2 * requests, "vault tokens granted " + store.vaultTokens.get()
                + " for " + requests + " requests: tokens were thrown away");
    }
}
