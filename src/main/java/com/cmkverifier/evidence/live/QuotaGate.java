package com.cmkverifier.evidence.live;

import com.cmkverifier.state.QuotaStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes each request to Azure wait until the shared quota allows it: a token from its scope's counter for the
 * current slice (taken from the {@link QuotaStore} {@code claimSize} at a time and spent locally), no request
 * before the scope's not-before time (the service's own Retry-After, heard by any instance), and for queries a
 * concurrency slot. A vault request also takes a token of its subscription's budget when its subscription is
 * known. Waits on the clock; never refuses a request for want of budget, only delays it.
 */
public final class QuotaGate {

    /** How often a query waiting for a concurrency slot asks again. */
    private static final Duration SLOT_POLL = Duration.ofMillis(200);

    /** The tokens this instance took and has not spent, for one scope and slice. */
    private static final class Bucket {
        long slice = Long.MIN_VALUE;
        int left;
        Instant notBefore = Instant.EPOCH;
    }

    private final QuotaStore store;
    private final QuotaSettings settings;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** Vault host to subscription id, as far as the verifier could learn them. */
    private final Map<String, String> subscriptionOfVault = new ConcurrentHashMap<>();
    /** Requests that lookups under way said they will still send, per vault scope; each request takes one off. */
    private final Map<String, AtomicInteger> expected = new ConcurrentHashMap<>();

    public QuotaGate(QuotaStore store, QuotaSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public QuotaSettings settings() {
        return settings;
    }

    /**
     * Waits until one more request may go to the vault, and to its subscription when {@link #learnSubscriptions}
     * named it: a token of the subscription's budget first, then the vault's. A subscription token counted more
     * than a slice before the vault's token came is not sent on (the slices' margin allows one slice of lateness);
     * both are taken again, which only ever lowers the rate.
     */
    public void enterVault(String vaultHost) {
        String subscription = subscriptionOfVault.get(vaultHost.toLowerCase(Locale.ROOT));
        int wanted = stillExpected(vaultScope(vaultHost));
        int subscriptionWanted = subscription == null ? 0 : stillExpected(subscriptionScope(subscription));
        while (true) {
            long counted = subscription == null ? Long.MAX_VALUE
                    : take(subscriptionScope(subscription), settings.subscriptionSliceCap(),
                    Math.max(settings.vaultSliceCap(), subscriptionWanted), settings.slice());
            take(vaultScope(vaultHost), settings.vaultSliceCap(), Math.max(settings.claimSize(), wanted),
                    settings.slice());
            if (subscription == null || clock.millis() / settings.slice().toMillis() <= counted + 1) {
                return;
            }
        }
    }

    /**
     * Lookups are about to send {@code requests} to the vault: its next claim takes that many tokens at once (at
     * most the slice's cap) rather than {@code claimSize}, so that a shard's reads of a vault cost one claim. The
     * counter's cap is unchanged; tokens not spent lapse with their slice, which only lowers the rate.
     */
    public void expectVault(String vaultHost, int requests) {
        expected.computeIfAbsent(vaultScope(vaultHost), s -> new AtomicInteger()).addAndGet(requests);
        // The subscription's claim covers the requests announced to all its vaults: one claim per shard, not per 28.
        String subscription = subscriptionOfVault.get(vaultHost.toLowerCase(Locale.ROOT));
        if (subscription != null) {
            expected.computeIfAbsent(subscriptionScope(subscription), s -> new AtomicInteger()).addAndGet(requests);
        }
    }

    /** Takes one request off what lookups announced for the scope; what was still announced before it. */
    private int stillExpected(String scope) {
        AtomicInteger still = expected.get(scope);
        return still == null ? 0 : still.getAndUpdate(n -> Math.max(0, n - 1));
    }

    /**
     * The subscriptions of these vault hosts (lower case): from now on their requests also count against their
     * subscription's ceiling, five times a vault's limit, of which the verifier spends the same fraction.
     */
    public void learnSubscriptions(Map<String, String> subscriptionOfVaultHost) {
        subscriptionOfVaultHost.forEach((vault, sub) -> subscriptionOfVault.put(vault.toLowerCase(Locale.ROOT),
                sub.toLowerCase(Locale.ROOT)));
    }

    /** Whether the vault's requests count against its subscription's ceiling too. */
    public boolean knowsSubscription(String vaultHost) {
        return subscriptionOfVault.containsKey(vaultHost.toLowerCase(Locale.ROOT));
    }

    /**
     * Waits until no instance has heard a Resource Graph 429 whose Retry-After is still running. No rate of the
     * verifier's own: Resource Graph announces what is left of the identity's quota in every answer, counting every
     * instance's queries, and its callers wait on that ({@code discovery.live.QuotaPause}). One claim per query,
     * so that each query sees the hold-off another instance recorded.
     */
    public void enterResourceGraph() {
        take(resourceGraphScope(), Integer.MAX_VALUE, 1, settings.slice());
    }

    /** Resource Graph answered 429: no instance sends a query before {@code retryAfter} has passed. */
    public void resourceGraphThrottled(Duration retryAfter) {
        holdOff(resourceGraphScope(), retryAfter);
    }

    /**
     * Waits until one more query may be sent and a concurrency slot is free, and holds the slot for at most
     * {@code hold} (the query's own timeout and a margin), so that an instance that dies frees it.
     *
     * @return the slot, for {@link #leaveQuery}
     * @throws IllegalStateException when no slot came free within {@code hold}
     */
    public int enterQuery(Duration hold) {
        take(logsScope() + "-rate", settings.logsSliceCap(), settings.claimSize(), settings.logsSlice());
        Instant giveUp = clock.instant().plus(hold);
        while (true) {
            Instant now = clock.instant();
            waitUntil(bucket(logsScope()).notBefore);
            int slot = store.takeSlot(logsScope(), settings.logsConcurrent(), now, now.plus(hold));
            if (slot >= 0) {
                return slot;
            }
            if (now.isAfter(giveUp)) {
                throw new IllegalStateException("no Log Analytics query slot of identity " + settings.identity()
                        + " came free within " + hold + " (" + settings.logsConcurrent() + " queries at once)");
            }
            sleep(SLOT_POLL);
        }
    }

    public void leaveQuery(int slot) {
        store.freeSlot(logsScope(), slot);
    }

    /** The vault answered 429: no instance sends to it before {@code retryAfter} has passed. */
    public void vaultThrottled(String vaultHost, Duration retryAfter) {
        holdOff(vaultScope(vaultHost), retryAfter);
    }

    /** Log Analytics answered 429: no instance sends a query before {@code retryAfter} has passed. */
    public void queryThrottled(Duration retryAfter) {
        holdOff(logsScope(), retryAfter);
        holdOff(logsScope() + "-rate", retryAfter);
    }

    private void holdOff(String scope, Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter);
        Bucket b = bucket(scope);
        synchronized (b) {
            b.notBefore = later(b.notBefore, until);
            b.left = 0;
        }
        store.holdOff(scope, until);
    }

    /** @return the number of the slice the token was counted in */
    private long take(String scope, int cap, int claim, Duration slice) {
        Bucket b = bucket(scope);
        synchronized (b) {
            while (true) {
                Instant now = clock.instant();
                if (now.isBefore(b.notBefore)) {
                    waitUntil(b.notBefore);
                    continue;
                }
                long current = now.toEpochMilli() / slice.toMillis();
                if (b.slice == current && b.left > 0) {
                    b.left--;
                    return current;
                }
                QuotaStore.Claim c = store.claim(scope, current, cap, Math.min(claim, cap), now);
                b.notBefore = later(b.notBefore, c.notBefore());
                if (c.granted() > 0) {
                    b.slice = current;
                    b.left = c.granted() - 1;
                    return current;
                }
                if (!now.isBefore(c.notBefore())) {
                    waitUntil(Instant.ofEpochMilli((current + 1) * slice.toMillis()));
                }
            }
        }
    }

    private Bucket bucket(String scope) {
        return buckets.computeIfAbsent(scope, s -> new Bucket());
    }

    private void waitUntil(Instant when) {
        Duration d = Duration.between(clock.instant(), when);
        if (!d.isNegative() && !d.isZero()) {
            sleep(d);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Azure's quota", e);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String vaultScope(String vaultHost) {
        return "vault-" + vaultHost;
    }

    private static String subscriptionScope(String subscriptionId) {
        return "subscription-" + subscriptionId;
    }

    private String resourceGraphScope() {
        return "graph-" + settings.identity();
    }

    private String logsScope() {
        return "logs-" + settings.identity();
    }
}
