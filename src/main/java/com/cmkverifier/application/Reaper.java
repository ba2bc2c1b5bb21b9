package com.cmkverifier.application;

import com.cmkverifier.state.Job;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.Run;
import com.cmkverifier.state.RunStore;
import com.cmkverifier.state.SweepShard;
import com.cmkverifier.state.SweepStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * Re-drives work whose queue message was lost: a pending run past its deadline is ended (its last verdict
 * stands), one whose next check is overdue gets that check queued again, and a sweep shard not done long after
 * its message was sent is queued again. Idempotent: a re-driven message whose original was only late is
 * dropped as a duplicate by the worker, and a shard checked twice writes the same rows.
 */
public final class Reaper {

    /** How late a run's next check may be before its message counts as lost. */
    static final Duration RUN_GRACE = Duration.ofMinutes(10);
    /** How long a shard may wait after its message was sent: a large sweep queues many shards at once. */
    static final Duration SHARD_GRACE = Duration.ofMinutes(30);
    /** Sweeps older than this are history, not work (a sweep runs nightly). */
    static final Duration SWEEP_LOOKBACK = Duration.ofDays(2);
    private static final DateTimeFormatter SWEEP_ID = DateTimeFormatter.ofPattern("'sweep-'yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final RunStore runs;
    private final SweepStore sweeps;
    private final JobQueue jobs;
    private final Clock clock;
    private final VerdictSink sink;

    public Reaper(RunStore runs, SweepStore sweeps, JobQueue jobs, Clock clock, VerdictSink sink) {
        this.sink = sink;
        this.runs = runs;
        this.sweeps = sweeps;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** What one pass did: runs ended at their deadline, run checks and shards queued again. */
    public record Pass(int runsEnded, int runsRedriven, int shardsRedriven) {
    }

    /** @param log the timer's log, for the verdict line of each run it ends */
    public Pass reap(Consumer<String> log) {
        Instant now = clock.instant();
        int ended = 0;
        int redriven = 0;
        for (Run run : runs.pending()) {
            if (!now.isBefore(run.deadline())) {
                ended += Verifications.expire(runs, sink, run, now, log) ? 1 : 0;
            } else if (run.nextCheckAt() != null && run.nextCheckAt().plus(RUN_GRACE).isBefore(now)) {
                jobs.send(new Job.RunCheck(run.id(), run.attempts() + 1), Duration.ZERO);
                redriven++;
            }
        }
        int shards = 0;
        for (SweepShard s : sweeps.overdueShards(SWEEP_ID.format(now.minus(SWEEP_LOOKBACK)), now.minus(SHARD_GRACE))) {
            jobs.send(new Job.ShardCheck(s.sweepId(), s.index()), Duration.ZERO);
            sweeps.markQueued(s, now);
            shards++;
        }
        return new Pass(ended, redriven, shards);
    }
}
