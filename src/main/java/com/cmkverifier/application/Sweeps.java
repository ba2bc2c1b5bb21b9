package com.cmkverifier.application;

import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.EvidenceHorizon;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistrySnapshot;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.Sweep;
import com.cmkverifier.state.SweepProgress;
import com.cmkverifier.state.SweepShard;
import com.cmkverifier.state.SweepStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The nightly sweep: records a sweep of the whole registry and queues one job per shard; shows a sweep's
 * progress and results. A sweep's id is the schedule occurrence it stands for (the timer's
 * {@code ScheduleStatus.Next} as recorded before the firing, also on a past-due firing), so that a repeated
 * firing for the same occurrence does not sweep twice.
 */
public final class Sweeps {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    /** Results per page: a 10,000-resource sweep is ten answers, each well under a megabyte. */
    public static final int PAGE_SIZE = 1000;
    private static final Pattern SWEEP_ID = Pattern.compile("sweep-\\d{8}T\\d{4}Z");
    /** Longer than a firing takes to start a sweep, so that a start still running is never completed twice. */
    static final Duration START_GRACE = Duration.ofMinutes(10);

    private final RegistryStore registry;
    private final SweepStore sweeps;
    private final JobQueue jobs;
    private final Clock clock;
    private final Duration window;
    private final int shardSize;

    public Sweeps(RegistryStore registry, SweepStore sweeps, JobQueue jobs, Clock clock, Duration window,
                  int shardSize) {
        this.registry = registry;
        this.sweeps = sweeps;
        this.jobs = jobs;
        this.clock = clock;
        this.window = window;
        this.shardSize = shardSize;
    }

    /**
     * Starts the sweep a timer firing stands for; returns the existing one when it was started already.
     *
     * @param occurrence the schedule occurrence the firing stands for, or null when the host did not say
     * @param pastDue    true when the host fired late
     */
    public Sweep start(Instant occurrence, boolean pastDue) {
        Instant now = clock.instant();
        Instant scheduled = occurrence == null ? now : occurrence;
        String id = "sweep-" + ID_TIME.format(scheduled.truncatedTo(ChronoUnit.MINUTES));
        // First the intent: the host does not fire again after a firing that threw, so the reaper's tick
        // finishes a start that died part-way (resumeUnfinished).
        sweeps.beginStart(id, scheduled, pastDue, now);
        RegistrySnapshot read = registry.snapshot();
        Registry all = read.registry();
        List<SweepShard> shards = new ArrayList<>(Shards.plan(id, all, shardSize, now));
        // Entries stored unreadable still get a result (INCONCLUSIVE, naming the problem) instead of stopping the sweep.
        List<String> unreadable = List.copyOf(read.unreadable().keySet());
        for (int i = 0; i < unreadable.size(); i += shardSize) {
            shards.add(new SweepShard(id, shards.size(), null,
                    unreadable.subList(i, Math.min(i + shardSize, unreadable.size())), false, now));
        }
        // The window ends the ingestion lag before now, so that no record of it is still on its way (spec section 14).
        Window swept = Window.ending(EvidenceHorizon.sweepWindowEnd(now), window);
        Sweep sweep = sweeps.create(new Sweep(id, now, swept, shards.size(),
                all.size() + unreadable.size(),
                pastDue ? "timer (past due)" : "timer", false), shards);
        sweeps.markLatest(sweep);
        if (!sweep.enqueued()) {
            for (int i = 0; i < sweep.shards(); i++) {
                jobs.send(new Job.ShardCheck(sweep.id(), i), Duration.ZERO);
            }
            sweeps.markEnqueued(sweep);
        }
        sweeps.finishStart(id);
        return sweep;
    }

    /**
     * Completes the starts that a firing began and did not finish (it threw: a storage fault, the host stopped
     * it), as that firing would have; the reaper's timer calls it. A shard whose message went out before the
     * firing died may get a second one: a shard checked twice writes the same results.
     *
     * @return the sweeps completed
     */
    public List<Sweep> resumeUnfinished() {
        return sweeps.unfinishedStarts(clock.instant().minus(START_GRACE)).stream()
                .map(s -> start(s.getKey(), s.getValue())).toList();
    }

    /** @param continuationToken where the page of results starts, as a previous page gave it; null: the first */
    public SweepProgress latest(String continuationToken) {
        return sweeps.latestId().map(id -> progress(id, continuationToken))
                .orElseThrow(() -> new NotFound("no sweep has run yet"));
    }

    /** @param continuationToken where the page of results starts, as a previous page gave it; null: the first */
    public SweepProgress progress(String id, String continuationToken) {
        if (continuationToken != null && !SweepStore.CONTINUATION.matcher(continuationToken).matches()) {
            throw new InvalidRequest("continuationToken", "must be a token that a previous page returned");
        }
        return (id != null && SWEEP_ID.matcher(id).matches() ? sweeps.progress(id, continuationToken, PAGE_SIZE)
                : Optional.<SweepProgress>empty())
                .orElseThrow(() -> new NotFound("no sweep with this id"));
    }

}
