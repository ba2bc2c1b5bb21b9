package com.cmkverifier.testing.wire;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Resource Graph's per-user quota (MicrosoftDocs/azure-docs,
 * articles/governance/resource-graph/concepts/guidance-for-throttled-requests.md): by default 15 queries per
 * 5-second window per user, every page one query; each answer carries {@code x-ms-user-quota-remaining} and
 * {@code x-ms-user-quota-resets-after} ({@code hh:mm:ss}). A query past the quota is refused with 429 and a
 * {@code Retry-After} (Azure Resource Manager's throttling contract, learn.microsoft.com
 * azure-resource-manager/management/request-limits-and-throttling). The clock is the test's: it moves only when
 * {@link #advance} is called (the client's injected sleeper), so tests count instead of waiting.
 */
public final class ResourceGraphQuota {

    public static final int QUERIES_PER_WINDOW = 15;
    public static final Duration WINDOW = Duration.ofSeconds(5);

    /** Per user: when the current window started and how many queries it took. */
    private final Map<String, long[]> windows = new HashMap<>();
    private long nowMillis;
    private int throttled;

    /** Moves the quota's clock. */
    public synchronized void advance(Duration d) {
        nowMillis += d.toMillis();
    }

    /** Queries refused with 429 so far. */
    public synchronized int throttled() {
        return throttled;
    }

    /**
     * Takes one query of {@code user}'s quota.
     *
     * @return the answer's headers, or null with the 429 counted when none is left
     */
    synchronized Map<String, String> take(String user) {
        long[] w = windows.computeIfAbsent(user, k -> new long[]{nowMillis, 0});
        if (nowMillis - w[0] >= WINDOW.toMillis()) {
            w[0] = nowMillis;
            w[1] = 0;
        }
        if (w[1] >= QUERIES_PER_WINDOW) {
            throttled++;
            return null;
        }
        w[1]++;
        return Map.of("x-ms-user-quota-remaining", String.valueOf(QUERIES_PER_WINDOW - w[1]),
                "x-ms-user-quota-resets-after", hms(resetsAfter(w)));
    }

    synchronized long retryAfterSeconds(String user) {
        long[] w = windows.get(user);
        return Math.max(1, (resetsAfter(w).toMillis() + 999) / 1000);
    }

    private Duration resetsAfter(long[] w) {
        return Duration.ofMillis(Math.max(0, w[0] + WINDOW.toMillis() - nowMillis));
    }

    private static String hms(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
