package com.cmkverifier.testing.wire;

import com.cmkverifier.testing.TestClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Resource Graph's per-user quota (MicrosoftDocs/azure-docs,
 * articles/governance/resource-graph/concepts/guidance-for-throttled-requests.md): by default 15 queries per
 * 5-second window per user, every page one query; each answer carries {@code x-ms-user-quota-remaining} and
 * {@code x-ms-user-quota-resets-after} ({@code hh:mm:ss}). A query past the quota is refused with 429 and a
 * {@code Retry-After} (Azure Resource Manager's throttling contract, learn.microsoft.com
 * azure-resource-manager/management/request-limits-and-throttling). Counted by a {@link WindowQuota}, the same
 * sliding window as the Key Vault and Log Analytics fakes, so "resets after" is when the oldest query of the window
 * leaves it. By default the clock is the test's: it moves only when {@link #advance} is called (the client's
 * injected sleeper), so tests count instead of waiting; {@link #onClock} counts on a real clock, for several
 * clients that wait on their own.
 */
public final class ResourceGraphQuota {

    public static final int QUERIES_PER_WINDOW = 15;
    public static final Duration WINDOW = Duration.ofSeconds(5);

    private final Clock clock;
    private final WindowQuota queries;

    public ResourceGraphQuota() {
        this(new TestClock(Instant.EPOCH));
    }

    private ResourceGraphQuota(Clock clock) {
        this.clock = clock;
        this.queries = new WindowQuota(QUERIES_PER_WINDOW, WINDOW, clock);
    }

    /** The quota on {@code clock} (the real one: {@link #advance} then refuses). */
    public static ResourceGraphQuota onClock(Clock clock) {
        return new ResourceGraphQuota(clock);
    }

    /** Moves the quota's clock. */
    public synchronized void advance(Duration d) {
        if (!(clock instanceof TestClock hand)) {
            throw new IllegalStateException("this quota counts on a real clock");
        }
        hand.advance(d);
    }

    /** Queries refused with 429 so far. */
    public int throttled() {
        return (int) queries.refused();
    }

    /**
     * Takes one query of {@code user}'s quota.
     *
     * @return the answer's headers, or null with the 429 counted when none is left
     */
    synchronized Map<String, String> take(String user) {
        if (queries.admit(user, 1) != null) {
            return null;
        }
        return Map.of("x-ms-user-quota-remaining", String.valueOf(QUERIES_PER_WINDOW - queries.used(user)),
                "x-ms-user-quota-resets-after", hms(queries.freesAfter(user)));
    }

    synchronized long retryAfterSeconds(String user) {
        return Math.max(1, (queries.freesAfter(user).toMillis() + 999) / 1000);
    }

    private static String hms(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
