package com.cmkverifier.functions;

import com.cmkverifier.testing.TestClock;
import com.cmkverifier.application.ApiAuthentication;
import com.cmkverifier.application.AppSettings;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.cmkverifier.publish.loganalytics.IngestionSettings;
import com.cmkverifier.publish.loganalytics.LogsIngestion;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.StorageAccess;
import com.cmkverifier.state.StorageClients;

import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The app wired to Azurite with its own tables and queue, in-memory evidence and a hand-moved clock; plus
 * what the Functions host would do with the queue: receive a message, call the worker, delete it.
 */
final class TestApp {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    final TestClock clock = new TestClock(T0);
    final TestEvidence evidence;
    final Map<String, String> env = new HashMap<>();
    final AppContext context;
    /** The jobs queue: sweep shards and discoveries. */
    final QueueClient queue;
    /** The on-demand runs' queue. */
    final QueueClient runsQueue;
    private final Map<String, QueueClient> taken = new ConcurrentHashMap<>();
    final FunctionCall call = new FunctionCall();
    final VerificationFunctions verifications;
    final ResourceFunctions resources;
    final SweepFunctions sweeps;
    final JobFunctions jobs;
    final DiscoveryFunctions discoveries;
    final EventFunctions events;
    final RotationFunctions rotations;

    /**
     * @param evidenceDir where the evidence files go
     * @param keyUrls     the keys whose metadata the evidence holds
     */
    TestApp(Path evidenceDir, List<String> keyUrls, Map<String, String> overrides) {
        this(evidenceDir, keyUrls, overrides, AppContext::monitorIngestion);
    }

    /** @param ingestion the history's Logs Ingestion client, for a test's local fake */
    TestApp(Path evidenceDir, List<String> keyUrls, Map<String, String> overrides,
            Function<IngestionSettings, LogsIngestion> ingestion) {
        this(evidenceDir, keyUrls, overrides, ingestion, () -> {
            throw new IllegalStateException("this test app reads no Azure: give it a LiveDiscovery on a local fake");
        });
    }

    /** @param discovery live discovery against a test's local Resource Graph fake */
    TestApp(Path evidenceDir, Map<String, String> overrides, Supplier<LiveDiscovery> discovery) {
        this(evidenceDir, List.of(VerificationFlowTest.KEY), overrides, AppContext::monitorIngestion, discovery);
    }

    private TestApp(Path evidenceDir, List<String> keyUrls, Map<String, String> overrides,
                    Function<IngestionSettings, LogsIngestion> ingestion, Supplier<LiveDiscovery> discovery) {
        evidence = new TestEvidence(evidenceDir, keyUrls);
        env.put(AppSettings.STORAGE, Azurite.connection());
        env.put(AppSettings.TABLE_PREFIX, Azurite.uniqueName("t"));
        env.put(AppSettings.JOBS_QUEUE, Azurite.uniqueName("q"));
        env.put(AppSettings.RUNS_QUEUE, Azurite.uniqueName("r"));
        // As App Service sets it when its authentication is on: requests then carry the platform's principal.
        env.put(ApiAuthentication.PLATFORM_AUTH, "True");
        env.putAll(overrides);
        // Azurite's visibility delays run on real time, not on this clock: re-checks are queued at once unless
        // the test sets a delay (and then moves the clock and takes the message itself).
        AppSettings settings = overrides.containsKey(AppSettings.RECHECK_DELAY) ? AppSettings.from(env)
                : AppSettings.from(env).withoutRecheckDelay();
        context = new AppContext(settings, clock, () -> evidence, ingestion, discovery);
        queue = new StorageClients(settings.storage()).queue(settings.jobsQueue());
        runsQueue = new StorageClients(settings.storage()).queue(settings.runsQueue());
        verifications = new VerificationFunctions(() -> context);
        resources = new ResourceFunctions(() -> context);
        sweeps = new SweepFunctions(() -> context);
        jobs = new JobFunctions(() -> context);
        discoveries = new DiscoveryFunctions(() -> context);
        events = new EventFunctions(() -> context);
        rotations = new RotationFunctions(() -> context);
    }

    TestApp(Path evidenceDir, Map<String, String> overrides) {
        this(evidenceDir, List.of(VerificationFlowTest.KEY), overrides);
    }

    TestApp(Path evidenceDir) {
        this(evidenceDir, Map.of());
    }

    /** Delivers visible messages one at a time, as the host would, until none is left; returns how many. */
    int deliverAll() {
        int delivered = 0;
        for (QueueMessageItem m = next(); m != null; m = next()) {
            jobs.run(m.getBody().toString(), m.getDequeueCount(), call.context);
            delete(m);
            delivered++;
        }
        return delivered;
    }

    /**
     * The next visible message, runs queue first, taken off its queue as the host would take it; null when none
     * is visible.
     */
    QueueMessageItem next() {
        for (QueueClient q : List.of(runsQueue, queue)) {
            QueueMessageItem m = q.receiveMessages(1, Duration.ofMinutes(5), null, null).stream().findFirst().orElse(null);
            if (m != null) {
                taken.put(m.getMessageId(), q);
                return m;
            }
        }
        return null;
    }

    /** Deletes a message {@link #next} took, from the queue it came from, as the host does once it is handled. */
    void delete(QueueMessageItem m) {
        taken.remove(m.getMessageId()).deleteMessage(m.getMessageId(), m.getPopReceipt());
    }

    /** Loses every message on both queues. */
    void clearQueues() {
        queue.clearMessages();
        runsQueue.clearMessages();
    }

    int waiting() {
        return queue.getProperties().getApproximateMessagesCount() + runsQueue.getProperties().getApproximateMessagesCount();
    }
}
