package com.cmkverifier.application;

import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.state.DiscoveryStore;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.Run;
import com.cmkverifier.state.RunStore;
import com.cmkverifier.state.Sweep;
import com.cmkverifier.state.SweepResult;
import com.cmkverifier.state.SweepShard;
import com.cmkverifier.state.SweepStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The run-ending path for jobs that cannot be checked: the run, or every resource of the shard without a result
 * yet, ends INCONCLUSIVE with the reason (a run keeps its last verdict); a discovery ends failed with the reason, its
 * registry unchanged. Needs only the state, never the evidence
 * sources, so that it works when they cannot be built. Ending what already ended changes nothing.
 */
public final class Conclusions {

    private final RunStore runs;
    private final SweepStore sweeps;
    private final DiscoveryStore discoveries;
    private final VerdictSink sink;
    private final Clock clock;

    public Conclusions(RunStore runs, SweepStore sweeps, DiscoveryStore discoveries, VerdictSink sink, Clock clock) {
        this.runs = runs;
        this.sweeps = sweeps;
        this.discoveries = discoveries;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Ends the job's run, shard or discovery with {@code reason}, through the {@link VerdictSink} like a checked
     * verdict. A shard's resources that already have a result keep it: only the others end INCONCLUSIVE.
     */
    public void conclude(Job job, String reason, Consumer<String> log) {
        Instant now = clock.instant();
        if (job instanceof Job.RunCheck r) {
            Optional<Run> run = awaiting(runs, r);
            if (run.isPresent()) {
                Run pending = run.get();
                Instant from = pending.since() != null ? pending.since() : pending.createdAt();
                List<FinalVerdict> ended = List.of(new FinalVerdict(sink.unchecked(pending.resource(),
                        new Window(from.isAfter(now) ? now : from, now), reason),
                        "verification", pending.id(), null, now));
                sink.keep(ended);
                if (runs.replace(pending.concluded(now, VerdictStatus.INCONCLUSIVE, pending.verdictJson(), reason))) {
                    sink.announce(ended, log);
                }
            }
        } else if (job instanceof Job.ShardCheck s) {
            Optional<Sweep> sweep = sweeps.find(s.sweepId());
            awaiting(sweeps, s).ifPresent(shard -> {
                Window window = sweep.orElseThrow().window();
                Map<String, VerdictStatus> recorded = sweeps.recorded(s.sweepId(), shard.members());
                List<FinalVerdict> ended = shard.members().stream().filter(name -> !recorded.containsKey(name))
                        .map(name -> new FinalVerdict(sink.unchecked(name, window, reason),
                                "sweep", null, s.sweepId(), window.to())).toList();
                sink.keep(ended);
                sweeps.recordAll(s.sweepId(), ended.stream().map(f -> new SweepResult(f.verdict().resource(),
                        VerdictStatus.INCONCLUSIVE, f.verdict().findings().stream().map(c -> c.code().name()).toList(),
                        reason)).toList());
                sink.announce(ended, log);
                List<VerdictStatus> statuses = new ArrayList<>(recorded.values());
                ended.forEach(f -> statuses.add(VerdictStatus.INCONCLUSIVE));
                sweeps.finish(shard, SweepStore.counts(statuses));
            });
        } else if (job instanceof Job.DiscoveryJob d) {
            Discoveries.awaiting(discoveries, d).ifPresent(run -> discoveries.replace(
                    run.failed(now, reason + ": " + run.registryState())));
        }
    }

    /** Ends the run or shard a queue message names with {@code reason}; a message that is not a job is dropped. */
    public void conclude(String message, String reason, Consumer<String> log) {
        try {
            Job job = Job.parse(message);
            log.accept(describe(job) + ": " + reason);
            conclude(job, reason, log);
        } catch (IllegalArgumentException e) {
            log.accept("dropped a queue message: " + e.getMessage());
        }
    }

    static String describe(Job job) {
        if (job instanceof Job.DiscoveryJob d) {
            return "discovery " + d.discoveryId();
        }
        return job instanceof Job.RunCheck r ? "run " + r.runId() + " check " + r.attempt()
                : "sweep shard " + ((Job.ShardCheck) job).sweepId() + "/" + ((Job.ShardCheck) job).shard();
    }

    /** The run a check message asks for, unless it is done or already made that check (a stale duplicate). */
    static Optional<Run> awaiting(RunStore runs, Job.RunCheck job) {
        return runs.find(job.runId()).filter(r -> !r.done() && r.attempts() < job.attempt());
    }

    /**
     * The shard a message asks for, unless it is done or is not part of a recorded sweep (no header yet, or
     * beyond the header's shard count: a row left by a firing that died before recording the sweep).
     */
    static Optional<SweepShard> awaiting(SweepStore sweeps, Job.ShardCheck job) {
        boolean recorded = sweeps.find(job.sweepId()).filter(s -> job.shard() < s.shards()).isPresent();
        return recorded ? sweeps.shard(job.sweepId(), job.shard()).filter(s -> !s.done()) : Optional.empty();
    }
}
