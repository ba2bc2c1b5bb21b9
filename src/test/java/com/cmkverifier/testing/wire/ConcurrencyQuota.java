package com.cmkverifier.testing.wire;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A concurrency quota per key (a user): at most {@code running} requests served at once; the others wait in a
 * queue for at most {@code queueWait}, then are refused. Log Analytics: "A user can run up to five concurrent
 * queries. Any other query is added to a queue ... If a query sits in the queue for more than 3 minutes without
 * being started, it's terminated with an HTTP error response with code 429"
 * (learn.microsoft.com/azure/azure-monitor/service-limits, "User query throttling"). Remembers the most requests
 * of one key it served at once.
 */
public final class ConcurrencyQuota {

    private final int running;
    private final Duration queueWait;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    public ConcurrencyQuota(int running, Duration queueWait) {
        this.running = running;
        this.queueWait = queueWait;
    }

    /** Serves {@code answer} within the key's quota, or answers {@code refusal} once the queue wait is over. */
    public Reply serve(String key, Supplier<Reply> answer, Supplier<Reply> refusal) {
        Semaphore s = slots.computeIfAbsent(key, k -> new Semaphore(running, true));
        try {
            if (!s.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                refused.incrementAndGet();
                return refusal.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refusal.get();
        }
        AtomicInteger n = busy.computeIfAbsent(key, k -> new AtomicInteger());
        try {
            peak.accumulateAndGet(n.incrementAndGet(), Math::max);
            return answer.get();
        } finally {
            n.decrementAndGet();
            s.release();
        }
    }

    /** The most requests of one key served at once so far. */
    public int peak() {
        return peak.get();
    }

    /** Requests refused after their queue wait. */
    public long refused() {
        return refused.get();
    }
}
