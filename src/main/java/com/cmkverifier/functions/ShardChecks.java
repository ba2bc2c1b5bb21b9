package com.cmkverifier.functions;

import com.cmkverifier.application.FinalVerdict;
import com.cmkverifier.application.VerdictHistory;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.Sweep;
import com.cmkverifier.state.SweepResult;
import com.cmkverifier.state.SweepShard;
import com.cmkverifier.state.SweepStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Verifies one shard of a sweep and records a result per resource under the sweep. The sweep's own window
 * applies to every shard, so that all results answer the same question. A shard already done is left alone.
 */
final class ShardChecks {

    private final RegistryStore registry;
    private final SweepStore sweeps;
    private final VerificationService service;
    private final VerdictHistory history;

    ShardChecks(RegistryStore registry, SweepStore sweeps, VerificationService service, VerdictHistory history) {
        this.registry = registry;
        this.sweeps = sweeps;
        this.service = service;
        this.history = history;
    }

    void check(Job.ShardCheck job, Consumer<String> log) {
        Optional<SweepShard> shard = awaiting(job);
        Optional<Sweep> sweep = sweeps.find(job.sweepId());
        if (shard.isEmpty() || sweep.isEmpty()) {
            return;
        }
        Registry all = registry.registry();
        List<ProtectedResource> targets = new ArrayList<>();
        for (String name : shard.get().members()) {
            Optional<ProtectedResource> r = all.find(name);
            if (r.isPresent()) {
                targets.add(r.get());
            } else {
                sweeps.record(job.sweepId(), new SweepResult(name, VerdictStatus.INCONCLUSIVE, List.of(),
                        "no longer registered"));
            }
        }
        if (!targets.isEmpty()) {
            Instant at = sweep.get().window().to();
            List<FinalVerdict> finals = new ArrayList<>();
            for (Verdict v : service.verify(all, targets, sweep.get().window(), at).verdicts()) {
                sweeps.record(job.sweepId(), new SweepResult(v.resource(), v.status(),
                        v.findings().stream().map(Finding::code).map(Enum::name).toList(), null));
                log.accept(VerdictLine.of(v, "sweep", null, job.sweepId(), at));
                finals.add(new FinalVerdict(v, all.find(v.resource()).map(ProtectedResource::resourceId).orElse(null),
                        "sweep", null, job.sweepId(), at));
            }
            history.record(finals);
        }
        sweeps.finish(shard.get());
    }

    /** Ends the shard with every resource INCONCLUSIVE after its checks kept failing. */
    void giveUp(Job.ShardCheck job, String reason) {
        awaiting(job).ifPresent(shard -> {
            for (String name : shard.members()) {
                sweeps.record(job.sweepId(), new SweepResult(name, VerdictStatus.INCONCLUSIVE, List.of(), reason));
            }
            sweeps.finish(shard);
        });
    }

    private Optional<SweepShard> awaiting(Job.ShardCheck job) {
        return sweeps.shard(job.sweepId(), job.shard()).filter(s -> !s.done());
    }
}
