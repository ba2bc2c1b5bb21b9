package com.cmkverifier.testing.wire;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rate quota per key (a vault, a subscription, a user): at most {@code limit} weighted requests in any
 * sliding {@code window}, as Azure's "n transactions per 10 seconds" read at their strictest. A refused request
 * does not count (Key Vault: "failed requests that return a 429 do not count towards the throttle limits",
 * learn.microsoft.com/azure/key-vault/general/overview-throttling). Remembers, per key, the largest weight it
 * ever admitted within one window: the figure tests hold against a budget.
 */
public final class WindowQuota {

    private record Use(long atMillis, int weight) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Use>> uses = new ConcurrentHashMap<>();
    private final Map<String, Integer> peaks = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    public WindowQuota(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    public int limit() {
        return limit;
    }

    /**
     * Admits a request of {@code weight} for {@code key}, or says how long until it would fit.
     *
     * @return null when admitted, else the wait (at least one second, as Retry-After counts whole seconds)
     */
    public Duration admit(String key, int weight) {
        Duration wait = waitFor(key, weight);
        if (wait != null) {
            refused.incrementAndGet();
            return wait;
        }
        record(key, weight);
        return null;
    }

    /** How long until a request of {@code weight} would fit (null: it fits now); records nothing. */
    public Duration waitFor(String key, int weight) {
        Deque<Use> q = uses.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            long now = clock.millis();
            expire(q, now);
            if (q.stream().mapToInt(Use::weight).sum() + weight <= limit) {
                return null;
            }
            long freeAt = q.isEmpty() ? now : q.peekFirst().atMillis() + window.toMillis();
            return Duration.ofSeconds(Math.max(1, (freeAt - now + 999) / 1000));
        }
    }

    /** Counts a request of {@code weight} for {@code key} now, whether or not it fits (a caller checked). */
    public void record(String key, int weight) {
        Deque<Use> q = uses.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            long now = clock.millis();
            expire(q, now);
            q.addLast(new Use(now, weight));
            peaks.merge(key, q.stream().mapToInt(Use::weight).sum(), Math::max);
        }
    }

    private void expire(Deque<Use> q, long now) {
        while (!q.isEmpty() && q.peekFirst().atMillis() <= now - window.toMillis()) {
            q.pollFirst();
        }
    }

    /** The weight admitted for {@code key} within the window that ends now. */
    public int used(String key) {
        Deque<Use> q = uses.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            expire(q, clock.millis());
            return q.stream().mapToInt(Use::weight).sum();
        }
    }

    /** How long until the oldest use of {@code key} within the window leaves it (zero when there is none). */
    public Duration freesAfter(String key) {
        Deque<Use> q = uses.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            long now = clock.millis();
            expire(q, now);
            return q.isEmpty() ? Duration.ZERO : Duration.ofMillis(q.peekFirst().atMillis() + window.toMillis() - now);
        }
    }

    /** Counts a refusal decided by the caller (another quota refused the same request). */
    public void refuse() {
        refused.incrementAndGet();
    }

    /** The largest weight admitted for {@code key} within any one window so far. */
    public int peak(String key) {
        return peaks.getOrDefault(key, 0);
    }

    /** The largest weight admitted for any key within any one window so far. */
    public int peak() {
        return peaks.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Requests refused so far (answered 429). */
    public long refused() {
        return refused.get();
    }
}
