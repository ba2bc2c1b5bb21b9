package com.cmkverifier.evidence.live;

import com.azure.core.http.HttpClient;
import com.azure.monitor.query.LogsQueryAsyncClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import com.azure.monitor.query.models.QueryTimeInterval;
import com.azure.security.keyvault.keys.KeyAsyncClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.state.MemoryQuotaStore;
import com.cmkverifier.state.QuotaStore;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.KeyVaultLimits;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ThrottledHttpClient}'s asynchronous path ({@code send}), under the SDK's async clients ({@link
 * KeyAsyncClient}, {@link LogsQueryAsyncClient}) against the quota-enforcing fakes: requests pass the gate, a query
 * frees its slot however its exchange ends (answered, refused, cancelled in flight), and a 429 holds the scope off for every client sharing the gate.
 */
class ThrottledAsyncClientsTest {

    private static final int VAULT_LIMIT = 300;
    /** 10 % of 300 per (shortened) 1-second window; one query slot for the identity. */
    private static final int BUDGET = 30;
    private static final QuotaSettings QUOTAS = new QuotaSettings(VAULT_LIMIT, 10, Duration.ofSeconds(1), 2, 2, 1,
            200, Duration.ofSeconds(30), "app");
    private static final String WORKSPACE = "00000000-0000-0000-0000-000000000000";
    private static final String NAMES_QUERY = "let ids = dynamic([\"11111111-1111-1111-1111-111111111111\"]);\n"
            + "AADManagedIdentitySignInLogs | take 1";

    private final FakeKeyVault vault = new FakeKeyVault(25);
    private final FakeLogAnalytics logs = new FakeLogAnalytics();
    private final MemoryQuotaStore store = new MemoryQuotaStore();
    private final CountingSlots slots = new CountingSlots(store);
    private final QuotaGate gate = new QuotaGate(slots, QUOTAS, Clock.systemUTC());
    private final Fleet fleet = new Fleet(4, 1, 4, 1);

    @AfterEach
    void stop() {
        vault.close();
        logs.close();
    }

    @Test
    void asyncKeyReadsPassTheGateAndKeepTheVaultWithinItsBudget() {
        KeyVaultLimits limits = new KeyVaultLimits(VAULT_LIMIT, Duration.ofSeconds(1), Clock.systemUTC(), h -> "sub");
        fleet.load(vault.enforce(limits), logs);
        KeyAsyncClient keys = keys(3);

        long read = Flux.range(0, 4 * BUDGET).flatMap(i -> keys.getKey("cmk-" + (i % 4)), 32).count().block();

        assertEquals(4 * BUDGET, read);
        assertTrue(limits.vaults().peak() <= BUDGET, "most requests to the vault in one second: "
                + limits.vaults().peak());
        assertEquals(0, limits.refused(), "429s from Key Vault");
    }

    @Test
    void aQueryFreesItsSlotWhenAnsweredRefusedOrCancelledInFlight() {
        logs.signInNames(WORKSPACE, Map.of("11111111-1111-1111-1111-111111111111", "app-one"));
        LogsQueryAsyncClient client = logs(0);
        Predicate<Received> anyQuery = r -> r.path().endsWith("/query");

        assertEquals(1, client.queryWorkspace(WORKSPACE, NAMES_QUERY, QueryTimeInterval.LAST_DAY).block()
                .getTable().getRows().size());
        assertGivenBack(1, "after an answer");

        logs.server().failNext(anyQuery, 1, FakeLogAnalytics.insufficientAccess());
        assertThrows(RuntimeException.class, () -> client.queryWorkspace(WORKSPACE, NAMES_QUERY,
                QueryTimeInterval.LAST_DAY).block());
        assertGivenBack(2, "after a refusal");

        logs.server().delayNext(anyQuery, 1, Duration.ofSeconds(20));
        long before = logs.server().count(anyQuery);
        Disposable inFlight = client.queryWorkspace(WORKSPACE, NAMES_QUERY, QueryTimeInterval.LAST_DAY).subscribe();
        awaitCount(anyQuery, before + 1);
        inFlight.dispose();
        awaitGivenBack(3, "after a cancel in flight");
    }

    @Test
    void a429HeardByOneAsyncClientHoldsTheOtherOffThatVault() {
        fleet.load(vault, logs);
        KeyAsyncClient first = keys(0);
        KeyAsyncClient second = keys(0);
        // The second client is warm (connection, bearer challenge) before the 429, so that only the gate can hold it.
        second.getKey("cmk-1").block();
        Predicate<Received> toTheVault = r -> r.path().startsWith("/" + Fleet.vaultHost(0) + "/");
        vault.server().failNext(toTheVault, 1, Reply.throttled(2));

        assertThrows(RuntimeException.class, () -> first.getKey("cmk-0").block());
        long throttledAt = vault.server().received().stream().filter(toTheVault).reduce((a, b) -> b).orElseThrow()
                .nanos();
        second.getKey("cmk-2").block();

        long during = vault.server().count(r -> toTheVault.test(r) && r.nanos() > throttledAt
                && r.nanos() < throttledAt + Duration.ofMillis(1_900).toNanos());
        assertEquals(0, during, "requests to the vault while its Retry-After ran");
    }

    private HttpClient throttled() {
        return ThrottledHttpClient.wrap(WireServer.trustingClient(), gate,
                VaultEndpoints.overriding(fleet.endpoints(vault)), URI.create(logs.endpoint()), Duration.ofMinutes(1));
    }

    private KeyAsyncClient keys(int retries) {
        return new KeyClientBuilder().vaultUrl(vault.endpointFor(Fleet.vaultHost(0)))
                .credential(new DummyCredential()).httpClient(throttled()).retryOptions(WireServer.retries(retries))
                .disableChallengeResourceVerification().buildAsyncClient();
    }

    private LogsQueryAsyncClient logs(int retries) {
        return new LogsQueryClientBuilder().endpoint(logs.endpoint()).credential(new DummyCredential())
                .httpClient(throttled()).retryOptions(WireServer.retries(retries)).buildAsyncClient();
    }

    /** The gate's slots were all given back, and as many were taken as {@code taken}. */
    private void assertGivenBack(int taken, String when) {
        assertEquals(taken, slots.taken.get(), "slots the gate took " + when);
        assertEquals(taken, slots.freed.get(), "slots the gate gave back " + when);
    }

    /** Cancelling runs on the clients' threads: wait until the gate gave back what it took, or give up. */
    private void awaitGivenBack(int taken, String when) {
        for (int i = 0; i < 200 && (slots.taken.get() < taken || slots.freed.get() < slots.taken.get()); i++) {
            sleep();
        }
        assertGivenBack(taken, when);
    }

    private void awaitCount(Predicate<Received> which, long n) {
        for (int i = 0; i < 200 && logs.server().count(which) < n; i++) {
            sleep();
        }
        assertEquals(n, logs.server().count(which));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The gate's store, counting the slots it takes and frees; the test's own holds go to {@code store}. */
    private static final class CountingSlots implements QuotaStore {
        private final QuotaStore inner;
        private final AtomicInteger taken = new AtomicInteger();
        private final AtomicInteger freed = new AtomicInteger();

        CountingSlots(QuotaStore inner) {
            this.inner = inner;
        }

        @Override
        public Claim claim(String scope, long slice, int cap, int wanted, Instant now) {
            return inner.claim(scope, slice, cap, wanted, now);
        }

        @Override
        public void holdOff(String scope, Instant notBefore) {
            inner.holdOff(scope, notBefore);
        }

        @Override
        public int takeSlot(String scope, int count, Instant now, Instant until) {
            int slot = inner.takeSlot(scope, count, now, until);
            if (slot >= 0) {
                taken.incrementAndGet();
            }
            return slot;
        }

        @Override
        public void freeSlot(String scope, int slot) {
            freed.incrementAndGet();
            inner.freeSlot(scope, slot);
        }
    }
}
