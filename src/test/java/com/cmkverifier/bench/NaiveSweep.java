package com.cmkverifier.bench;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The strategy the sweep is compared with, kept out of the product: each resource verified on its own, so
 * that it sends its own log query and reads its key's metadata afresh, as running the seed's query once per
 * resource would. Runs {@code parallel} resources at once, the same bound the Logs source keeps, so that the
 * comparison is about requests, not concurrency.
 */
final class NaiveSweep {

    private NaiveSweep() {
    }

    static List<Verdict> verify(VerificationService service, Registry registry, List<ProtectedResource> targets,
                                Window window, Instant at, int parallel) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<List<Verdict>>> pending = new ArrayList<>();
            for (ProtectedResource r : targets) {
                pending.add(pool.submit(() -> service.verify(registry, List.of(r), window, at).verdicts()));
            }
            List<Verdict> out = new ArrayList<>();
            for (Future<List<Verdict>> f : pending) {
                out.addAll(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
