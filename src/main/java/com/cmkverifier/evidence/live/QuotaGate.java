package com.cmkverifier.evidence.live;

import com.cmkverifier.state.QuotaStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

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
        /** Held while taking; a thread waiting for the next slice holds it, so the others queue behind it. */
        final ReentrantLock lock = new ReentrantLock();
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
     * named it: a token of each, counted in the slice the request leaves in or the one before (the slices' margin
     * allows one slice of lateness).
     */
    public void enterVault(String vaultHost) {
        String subscription = subscriptionOfVault.get(vaultHost.toLowerCase(Locale.ROOT));
        Scope vault = new Scope(vaultScope(vaultHost), settings.vaultSliceCap(),
                Math.max(settings.claimSize(), stillExpected(vaultScope(vaultHost))));
        if (subscription == null) {
            take(vault.name, vault.cap, vault.claim, settings.slice());
            return;
        }
        String sub = subscriptionScope(subscription);
        takeBoth(vault, new Scope(sub, settings.subscriptionSliceCap(),
                Math.max(settings.vaultSliceCap(), stillExpected(sub))));
    }

    /** A scope's counter, its cap per slice and how many tokens to claim at once. */
    private record Scope(String name, int cap, int claim) {
    }

    /**
     * A token of each scope, fresh together: waits for one, then takes the other only if it is there without
     * waiting; if not, gives the first back to this instance's bucket (for its other requests in the same slice)
     * and waits for the other instead. Holding a token while waiting for the other could send it late, past the
     * margin; throwing a late one away and starting again starved a vault that more threads wanted than its slice
     * holds (QuotaAcrossProcessesTest met it: 18 of 72 requests in 60 s).
     */
    private void takeBoth(Scope a, Scope b) {
        Scope first = a;
        Scope second = b;
        while (true) {
            long counted = take(first.name, first.cap, first.claim, settings.slice());
            long other = tryTake(second);
            if (other >= 0 && currentSlice() <= counted + 1) {
                return;
            }
            if (other >= 0) {
                giveBack(second.name, other);
            }
            giveBack(first.name, counted);
            Scope next = second;
            second = first;
            first = next;
        }
    }

    /** A token of the scope if one is there now (held locally or claimed at once); its slice, else -1. */
    private long tryTake(Scope scope) {
        Bucket b = bucket(scope.name);
        if (!b.lock.tryLock()) {
            // Another thread is claiming for this scope, or waiting for its next slice: none to spare now.
            return -1;
        }
        try {
            return takeNow(b, scope.name, scope.cap, scope.claim, settings.slice());
        } finally {
            b.lock.unlock();
        }
    }

    /** An unspent token goes back to this instance's bucket while its slice lasts; after that it has lapsed. */
    private void giveBack(String scope, long slice) {
        Bucket b = bucket(scope);
        b.lock.lock();
        try {
            if (b.slice == slice) {
                b.left++;
            }
        } finally {
            b.lock.unlock();
        }
    }

    private long currentSlice() {
        return clock.millis() / settings.slice().toMillis();
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
        b.lock.lock();
        try {
            b.notBefore = later(b.notBefore, until);
            b.left = 0;
        } finally {
            b.lock.unlock();
        }
        store.holdOff(scope, until);
    }

    /** @return the number of the slice the token was counted in */
    private long take(String scope, int cap, int claim, Duration slice) {
        Bucket b = bucket(scope);
        b.lock.lock();
        try {
            while (true) {
                long counted = takeNow(b, scope, cap, claim, slice);
                if (counted >= 0) {
                    return counted;
                }
                Instant now = clock.instant();
                waitUntil(now.isBefore(b.notBefore) ? b.notBefore
                        : Instant.ofEpochMilli((now.toEpochMilli() / slice.toMillis() + 1) * slice.toMillis()));
            }
        } finally {
            b.lock.unlock();
        }
    }

    /** With the bucket's lock held: a token now, from the bucket or one claim; its slice, or -1 when none is there. */
    private long takeNow(Bucket b, String scope, int cap, int claim, Duration slice) {
        Instant now = clock.instant();
        if (now.isBefore(b.notBefore)) {
            return -1;
        }
        long current = now.toEpochMilli() / slice.toMillis();
        if (b.slice == current && b.left > 0) {
            b.left--;
            return current;
        }
        QuotaStore.Claim c = store.claim(scope, current, cap, Math.min(claim, cap), now);
        b.notBefore = later(b.notBefore, c.notBefore());
        if (c.granted() == 0) {
            return -1;
        }
        b.slice = current;
        b.left = c.granted() - 1;
        return current;
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
