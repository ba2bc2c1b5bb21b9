package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.evidence.DaemonPool;
import com.cmkverifier.evidence.offline.EvidenceInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Audit logs exported to files (spec section 6): archive blobs, {@code {"records":[...]}} documents, JSON
 * arrays and Log Analytics exports, plain or gzip-compressed, in any mix. Directories are read recursively.
 * Files are read in parallel on a small fixed pool; each thread keeps its {@link ReaderCaches} and its records'
 * activity from file to file, and each file's count, skipped lines and issues are merged in file order.
 */
public final class OfflineAuditLogSource implements AuditLogSource {

    private final List<Path> inputs;
    private final ReadProgress progress;
    /** The reading {@link #startReading} began, or null. */
    private volatile Early early;

    /** All keys' activity in the window, being read. */
    private record Early(Window window, CompletableFuture<AuditActivity> activity) {
    }

    /**
     * @param inputs   files or directories
     * @param progress told after each file; {@link ReadProgress#NONE} for silence
     * @throws IllegalArgumentException when an input does not exist
     */
    public OfflineAuditLogSource(List<Path> inputs, ReadProgress progress) {
        EvidenceInput.requireExisting(inputs, "audit log");
        this.inputs = List.copyOf(inputs);
        this.progress = progress;
    }

    /**
     * Starts reading every key's activity in {@code window} now, on the reading threads, before the resources are
     * known: the command line reads its registry and key files meanwhile, on a core the reading would leave idle.
     * A later {@link #read} of the same window waits for it and keeps the resources' keys, which is what it would
     * have read itself; another window reads anew.
     */
    public OfflineAuditLogSource startReading(Window window) {
        CompletableFuture<AuditActivity> activity = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                activity.complete(readAll(window));
            } catch (RuntimeException | Error e) {
                activity.completeExceptionally(e);
            }
        }, "audit-log-reading");
        t.setDaemon(true);
        early = new Early(window, activity);
        t.start();
        return this;
    }

    @Override
    public AuditActivity read(List<ProtectedResource> resources, Window window) {
        Set<KeyId> keys = resources.stream().map(r -> r.key().keyId()).collect(Collectors.toUnmodifiableSet());
        Early started = early;
        if (started != null && started.window().equals(window)) {
            return started.activity().join().onlyKeys(keys::contains);
        }
        return read(window, keys::contains);
    }

    /** Activity on every key found in the files, e.g. for a report of all activity. */
    public AuditActivity readAll(Window window) {
        return read(window, key -> true);
    }

    private AuditActivity read(Window window, Predicate<KeyId> keys) {
        AuditActivityBuilder total = new AuditActivityBuilder(window, keys);
        List<Path> files = EvidenceInput.files(inputs, (input, e) -> total.issue(SourceIssue.everywhere(
                AuditFileReader.SOURCE, "could not list " + input + " completely: " + e.getMessage())));
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = DaemonPool.of(threads, "audit-log-reader");
        // Per thread and per call: the caches and the thread's records go with the pool's threads when the reading
        // ends. A builder per file keeps only its count, skipped lines and issues, merged in file order.
        ThreadLocal<ReaderCaches> caches = ThreadLocal.withInitial(ReaderCaches::new);
        List<AuditActivityBuilder> threadRecords = new ArrayList<>();
        ThreadLocal<AuditActivityBuilder> records = ThreadLocal.withInitial(() -> {
            AuditActivityBuilder b = new AuditActivityBuilder(window, keys);
            synchronized (threadRecords) {
                threadRecords.add(b);
            }
            return b;
        });
        try {
            int[] done = {0};
            List<Future<AuditActivityBuilder>> tasks = new ArrayList<>(files.size());
            for (Path file : files) {
                tasks.add(pool.submit(() -> {
                    AuditActivityBuilder b = new AuditActivityBuilder(window, keys);
                    new AuditFileReader(file, b, records.get(), caches.get()).read();
                    synchronized (done) {
                        progress.filesRead(++done[0], files.size());
                    }
                    return b;
                }));
            }
            for (int i = 0; i < tasks.size(); i++) {
                total.merge(result(tasks.get(i), files.get(i), total));
                // A merged file's builder is garbage; held by its future, every file's stayed to the end.
                tasks.set(i, null);
            }
        } finally {
            pool.shutdownNow();
        }
        // Unless interrupted, every task has ended (each future was awaited): no thread adds to its records any
        // more. Interrupted, the files not awaited are issues already, and their threads may still be running.
        // A file whose reading failed keeps the records read before the failure, as a truncated file does; its
        // issue makes the verdicts it concerns inconclusive all the same.
        if (!Thread.currentThread().isInterrupted()) {
            synchronized (threadRecords) {
                threadRecords.forEach(total::merge);
            }
        }
        return total.build();
    }

    private static AuditActivityBuilder result(Future<AuditActivityBuilder> task, Path file,
                                               AuditActivityBuilder total) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(total, file, "reading was interrupted");
        } catch (ExecutionException e) {
            return failed(total, file, String.valueOf(e.getCause()));
        }
    }

    private static AuditActivityBuilder failed(AuditActivityBuilder total, Path file, String why) {
        AuditActivityBuilder b = new AuditActivityBuilder(total.window(), total::isOfInterest);
        b.issue(SourceIssue.everywhere(AuditFileReader.SOURCE, "file " + file + " could not be read: " + why));
        return b;
    }
}
