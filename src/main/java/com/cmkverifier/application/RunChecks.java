package com.cmkverifier.application;

import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.Run;
import com.cmkverifier.state.RunStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One check of a verification run. While evidence may still be arriving (audit logs land minutes after the
 * call) and the deadline is ahead, the run keeps its interim verdict and a later check is queued; otherwise
 * the verdict is final. Before checking, the worker claims the run for its check number until its execution
 * budget runs out: while the claim holds, no copy of the message checks, no poll or reaper pass ends the run
 * at its deadline and the reaper does not re-send it, so a check in flight at the deadline decides the run.
 * Duplicate and stale messages change nothing: a run that is done, claimed, or already made the check a
 * message asks for, is left alone, and every write is conditional on the version read.
 */
final class RunChecks {

    private final RegistryStore registry;
    private final RunStore runs;
    private final JobQueue jobs;
    private final VerificationService service;
    private final Clock clock;
    private final Duration window;
    private final Duration recheckDelay;
    private final VerdictSink sink;
    private final Duration lease;

    /** @param lease how long a claim holds: the execution's whole budget, after which the host has ended it */
    RunChecks(RegistryStore registry, RunStore runs, JobQueue jobs, VerificationService service, Clock clock,
              Duration window, Duration recheckDelay, VerdictSink sink, Duration lease) {
        this.registry = registry;
        this.runs = runs;
        this.jobs = jobs;
        this.service = service;
        this.clock = clock;
        this.window = window;
        this.recheckDelay = recheckDelay;
        this.sink = sink;
        this.lease = lease;
    }

    /** Audit records are still landing: not yet a reason to conclude. */
    static boolean evidenceMayArrive(Verdict v) {
        return v.status() == VerdictStatus.INCONCLUSIVE && (v.has(FindingCode.NO_AUDIT_LOGS)
                || v.has(FindingCode.NO_KEY_USE) || v.has(FindingCode.SOURCE_INCOMPLETE));
    }

    void check(Job.RunCheck job, Consumer<String> log) {
        Optional<Run> found = Conclusions.awaiting(runs, job);
        if (found.isEmpty()) {
            return;
        }
        Optional<Run> claimed = claim(found.get(), job, log);
        if (claimed.isEmpty()) {
            return;
        }
        try {
            checkClaimed(claimed.get(), job, log);
        } catch (RuntimeException e) {
            release(claimed.get(), job, e);
            throw e;
        }
    }

    private void checkClaimed(Run run, Job.RunCheck job, Consumer<String> log) {
        Instant now = clock.instant();
        Registry all = registry.registry();
        Optional<ProtectedResource> resource = all.find(run.resource());
        if (resource.isEmpty()) {
            runs.replace(run.concluded(now, VerdictStatus.INCONCLUSIVE, run.verdictJson(),
                    "resource '" + run.resource() + "' is no longer registered"));
            return;
        }
        Instant from = run.since() == null ? now.minus(window) : min(run.since(), now);
        Verdict verdict = service.verify(all, List.of(resource.get()), new Window(from, now), now).verdicts().get(0);
        String json = VerdictJson.of(verdict);
        if (!evidenceMayArrive(verdict) || !now.isBefore(run.deadline())) {
            String reason = evidenceMayArrive(verdict) ? "timeout " + run.timeout()
                    + " passed while evidence could still be arriving; the last verdict stands" : null;
            // The one place a run's verdict becomes final; a worker that lost the race to another logs nothing.
            if (runs.replace(run.concluded(now, verdict.status(), json, reason))) {
                sink.accept(List.of(new FinalVerdict(verdict, "verification", run.id(), null, now,
                        resource.get().resourceId())), log);
            } else {
                // Only a writer that ignored the claim gets here (the claim lapsed: the check outlasted its budget).
                log.accept("run " + run.id() + " check " + job.attempt() + ": its verdict " + verdict.status()
                        + " was not stored: the run changed while it was checked (" + stored(run.id()) + ")");
            }
        } else {
            Instant next = min(now.plus(recheckDelay), run.deadline());
            // Queue first, then store: if storing fails the message is retried, and the extra check it queued
            // is dropped as a duplicate; the other order could leave a pending run that nothing checks.
            jobs.send(new Job.RunCheck(run.id(), job.attempt() + 1), Duration.between(now, next));
            runs.replace(run.checked(now, verdict.status(), json, next));
        }
    }

    /**
     * Claims the run for this check, or explains in one line why this delivery is dropped: another copy holds
     * the claim, or wrote first.
     */
    private Optional<Run> claim(Run run, Job.RunCheck job, Consumer<String> log) {
        Instant now = clock.instant();
        String drop = "run " + run.id() + " check " + job.attempt() + ": dropped a duplicate delivery, ";
        if (run.claimedAt(now)) {
            log.accept(drop + "check " + run.claimAttempt() + " is being made until " + run.claimUntil());
            return Optional.empty();
        }
        if (!runs.replace(run.claimed(now, job.attempt(), now.plus(lease)))) {
            log.accept(drop + "another writer changed the run first (" + stored(run.id()) + ")");
            return Optional.empty();
        }
        return runs.find(run.id()).filter(r -> !r.done() && r.claimAttempt() == job.attempt());
    }

    /** Lets the queue's next try of this message claim the run again at once, rather than after the lease. */
    private void release(Run claimed, Job.RunCheck job, RuntimeException failure) {
        try {
            runs.find(claimed.id()).filter(r -> !r.done() && r.claimAttempt() == job.attempt())
                    .ifPresent(r -> runs.replace(r.claimed(clock.instant(), 0, null)));
        } catch (RuntimeException e) {
            // The claim then lapses by itself; the check's failure is what the queue retries.
            failure.addSuppressed(e);
        }
    }

    private String stored(String id) {
        return runs.find(id).map(r -> r.done() ? "stored: done " + r.status() + ", " + r.reason()
                : "stored: pending after " + r.attempts() + " checks").orElse("the run is gone");
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
