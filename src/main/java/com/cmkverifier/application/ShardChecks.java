package com.cmkverifier.application;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.RegistrySnapshot;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.Sweep;
import com.cmkverifier.state.SweepResult;
import com.cmkverifier.state.SweepShard;
import com.cmkverifier.state.SweepStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Verifies one shard of a sweep and records a result per resource under the sweep. The sweep's own window
 * applies to every shard, so that all results answer the same question. A shard already done is left alone;
 * a shard checked twice (a worker died before marking it done) writes the same result rows again. The registry is
 * read as {@link RecentRegistry} shares it between the shards of an instance.
 */
final class ShardChecks {

    private final RecentRegistry registry;
    private final SweepStore sweeps;
    private final VerificationService service;
    private final VerdictSink sink;

    ShardChecks(RegistryStore registry, SweepStore sweeps, VerificationService service, VerdictSink sink,
                Clock clock) {
        this.registry = new RecentRegistry(registry, clock);
        this.sweeps = sweeps;
        this.service = service;
        this.sink = sink;
    }

    void check(Job.ShardCheck job, Consumer<String> log) {
        Optional<Sweep> sweep = sweeps.find(job.sweepId());
        Optional<SweepShard> shard = Conclusions.awaiting(sweeps, job);
        if (shard.isEmpty() || sweep.isEmpty()) {
            return;
        }
        RegistrySnapshot read = registry.snapshot(sweep.get().startedAt());
        Registry all = read.registry();
        Window window = sweep.get().window();
        List<ProtectedResource> targets = new ArrayList<>();
        Map<Verdict, String> gone = new HashMap<>();
        for (String name : shard.get().members()) {
            Optional<ProtectedResource> r = all.find(name);
            String problem = read.unreadable().get(name);
            if (r.isPresent()) {
                targets.add(r.get());
            } else if (problem != null) {
                log.accept("registry: " + problem + "; skipped");
                gone.put(sink.unchecked(name, window, problem), problem);
            } else {
                gone.put(sink.unchecked(name, window, "no longer registered"), "no longer registered");
            }
        }
        List<Verdict> verdicts = new ArrayList<>(gone.keySet());
        if (!targets.isEmpty()) {
            verdicts.addAll(service.verify(all, targets, window, window.to()).verdicts());
        }
        List<SweepResult> results = verdicts.stream().map(v -> new SweepResult(v.resource(), v.status(),
                v.findings().stream().map(Finding::code).map(Enum::name).toList(),
                gone.get(v))).toList();
        List<FinalVerdict> finals = verdicts.stream().map(v -> new FinalVerdict(v, "sweep", null, job.sweepId(),
                window.to(), all.find(v.resource()).map(ProtectedResource::resourceId).orElse(null))).toList();
        // History rows first: a crash after them re-checks the shard, never leaves results without their rows.
        sink.keep(finals);
        sweeps.recordAll(job.sweepId(), results);
        sink.announce(finals, log);
        sweeps.finish(shard.get(), SweepStore.counts(results.stream().map(SweepResult::status).toList()));
    }
}
