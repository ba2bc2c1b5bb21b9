package com.cmkverifier.application;

import com.cmkverifier.state.DiscoveryStore;
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
import java.util.List;

/**
 * Re-drives work whose queue message was lost: a pending run past its deadline and grace is ended (its last
 * verdict stands), one whose next check is overdue gets that check queued again, and a sweep shard not done
 * long after its message was sent is queued again. Reads only the runs the index says are due; a run a worker
 * has claimed is left alone. A run is re-sent once per grace: the re-send is recorded on the run (conditional
 * on the version read) before the message goes out. Idempotent: a re-driven message whose original was only
 * late is dropped as a duplicate by the worker (the claim), and a shard checked twice writes the same rows.
 * Last, it deletes finished runs, sweeps and discoveries older than the retention, a bounded number per pass.
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

    /** Rows deleted per kind and pass at most, so that purging never takes a pass's whole budget. */
    static final int PURGE_PER_PASS = 2000;

    private final RunStore runs;
    private final SweepStore sweeps;
    private final DiscoveryStore discoveries;
    private final JobQueue jobs;
    private final Clock clock;
    private final Duration retention;

    /** @param retention how long finished runs, sweeps and discoveries are kept */
    public Reaper(RunStore runs, SweepStore sweeps, DiscoveryStore discoveries, JobQueue jobs, Clock clock,
                  Duration retention) {
        this.runs = runs;
        this.sweeps = sweeps;
        this.discoveries = discoveries;
        this.jobs = jobs;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * What one pass did: runs ended at their deadline, run checks and shards queued again, the ids of stored
     * runs that could not be read (skipped, so that one bad row never stops the pass), and rows purged past the
     * retention.
     */
    public record Pass(int runsEnded, int runsRedriven, int shardsRedriven, List<String> unreadableRuns, int purged) {

        public Pass(int runsEnded, int runsRedriven, int shardsRedriven) {
            this(runsEnded, runsRedriven, shardsRedriven, List.of(), 0);
        }

        public boolean didSomething() {
            return runsEnded + runsRedriven + shardsRedriven + unreadableRuns.size() + purged > 0;
        }
    }

    public Pass reap() {
        Instant now = clock.instant();
        int ended = 0;
        int redriven = 0;
        RunStore.Due due = runs.due(now.minus(RUN_GRACE));
        for (Run run : due.runs()) {
            if (run.claimedAt(now)) {
                continue;
            }
            if (Verifications.mayExpire(run, now)) {
                ended += Verifications.expire(runs, run, now) ? 1 : 0;
            } else if (run.nextCheckAt() != null && !run.nextCheckAt().plus(RUN_GRACE).isAfter(now)
                    && runs.replace(run.redriven(now))) {
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
        Instant cutoff = now.minus(retention);
        int purged = runs.purge(cutoff, PURGE_PER_PASS) + sweeps.purge(SWEEP_ID.format(cutoff), PURGE_PER_PASS)
                + discoveries.purge(cutoff, PURGE_PER_PASS);
        return new Pass(ended, redriven, shards, due.unreadable(), purged);
    }
}
