package com.cmkverifier.application;

import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.RunStore;
import com.cmkverifier.state.SweepStore;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs one queued job. A job that throws is retried by the queue trigger; on its last delivery
 * ({@link #MAX_DEQUEUE_COUNT}, host.json's {@code maxDequeueCount}) it is concluded INCONCLUSIVE with the
 * reason instead (a discovery ends failed, registry unchanged), so that no run, shard or discovery stays pending
 * for ever. Messages that reach the poison queue
 * anyway (storage down on every try) are concluded the same way by {@link Conclusions}.
 */
public final class JobWorker {

    /** Must equal {@code extensions.queues.maxDequeueCount} in host.json (a test checks). */
    public static final int MAX_DEQUEUE_COUNT = 5;

    private final RunChecks runs;
    private final ShardChecks shards;
    private final Discoveries discoveries;
    private final Conclusions conclusions;

    public JobWorker(RegistryStore registry, RunStore runStore, SweepStore sweepStore, JobQueue jobs,
                     VerificationService service, Conclusions conclusions, VerdictSink sink, Clock clock,
                     Duration window, Duration recheckDelay, Discoveries discoveries, ExecutionBudget budget) {
        this.runs = new RunChecks(registry, runStore, jobs, service, clock, window, recheckDelay, sink,
                budget.functionTimeout());
        this.shards = new ShardChecks(registry, sweepStore, service, sink, clock);
        this.discoveries = discoveries;
        this.conclusions = conclusions;
    }

    /**
     * @param log receives one line when a message is dropped or a job given up, and what the
     *            {@link VerdictSink} writes per final verdict; never a secret
     */
    public void process(String message, long dequeueCount, Consumer<String> log) {
        Job job;
        try {
            job = Job.parse(message);
        } catch (IllegalArgumentException e) {
            log.accept("dropped a queue message: " + e.getMessage());
            return;
        }
        try {
            run(job, log);
        } catch (RuntimeException e) {
            if (dequeueCount < MAX_DEQUEUE_COUNT) {
                throw e;
            }
            String what = job instanceof Job.DiscoveryJob ? "discovery" : "verification";
            String reason = what + " failed on all " + MAX_DEQUEUE_COUNT + " tries (last: "
                    + e.getClass().getSimpleName() + ")";
            log.accept(Conclusions.describe(job) + ": " + reason);
            conclusions.conclude(job, reason, log);
        }
    }

    private void run(Job job, Consumer<String> log) {
        if (job instanceof Job.RunCheck r) {
            runs.check(r, log);
        } else if (job instanceof Job.ShardCheck s) {
            shards.check(s, log);
        } else if (job instanceof Job.DiscoveryJob d) {
            discoveries.run(d, log);
        }
    }
}
