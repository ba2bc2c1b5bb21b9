package com.cmkverifier.testing.wire;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Logs Query API's per-user throttling, for {@link FakeLogAnalytics#enforce}: 200 queries per 30 seconds
 * to all workspaces, five running at once, the others queued for at most 3 minutes and then answered 429
 * (learn.microsoft.com/azure/azure-monitor/service-limits, "User query throttling"; the include
 * azure-monitor-limits-log-queries.md in MicrosoftDocs/azure-docs). The user is the bearer token's subject; the
 * fake's tokens carry none, so the token itself stands for it. A query holds its slot for {@code queryTime},
 * the time the service spends running it. Microsoft documents the 429, not its body: this one has the Logs API's
 * error shape ({@code error.message/code/correlationId}, as in the recorded errors of the azure-sdk-for-java
 * monitor-query tests) with the code {@code ThrottledError} that public clients report.
 */
public final class LogAnalyticsLimits {

    private final WindowQuota rate;
    private final ConcurrencyQuota running;
    private final Duration queryTime;

    public LogAnalyticsLimits(int queriesPerWindow, Duration window, int concurrent, Duration queueWait,
                              Duration queryTime, Clock clock) {
        this.rate = new WindowQuota(queriesPerWindow, window, clock);
        this.running = new ConcurrencyQuota(concurrent, queueWait);
        this.queryTime = queryTime;
    }

    /** Azure's limits, with queries that take {@code queryTime} to run. */
    public static LogAnalyticsLimits azure(Duration queryTime) {
        return new LogAnalyticsLimits(200, Duration.ofSeconds(30), 5, Duration.ofMinutes(3), queryTime,
                Clock.systemUTC());
    }

    /** Serves one query of the user behind {@code r} within the user's limits, or answers 429. */
    public Reply serve(Received r, Supplier<Reply> answer) {
        String user = String.valueOf(r.header("authorization"));
        Duration wait = rate.admit(user, 1);
        if (wait != null) {
            return throttled("Rate limit of 200 queries per 30 seconds reached.", wait);
        }
        return running.serve(user, () -> {
            sleep(queryTime);
            return answer.get();
        }, () -> throttled("The query waited 3 minutes in the concurrency queue.", Duration.ofSeconds(1)));
    }

    private static Reply throttled(String message, Duration retryAfter) {
        return Reply.json(429, "{\"error\":{\"message\":\"" + message + "\",\"code\":\"ThrottledError\","
                + "\"correlationId\":\"" + UUID.randomUUID() + "\"}}")
                .withHeader("Retry-After", String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public WindowQuota rate() {
        return rate;
    }

    public ConcurrencyQuota running() {
        return running;
    }

    /** Queries refused, by rate or by the queue. */
    public long refused() {
        return rate.refused() + running.refused();
    }
}
