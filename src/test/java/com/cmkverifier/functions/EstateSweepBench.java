package com.cmkverifier.functions;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.QuotaSettings;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.StorageClients;
import com.cmkverifier.state.SweepProgress;
import com.cmkverifier.state.SweepStore;
import com.cmkverifier.testing.wire.ChildJvm;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.FakeResourceGraph;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.KeyVaultLimits;
import com.cmkverifier.testing.wire.Latencies;
import com.cmkverifier.testing.wire.ResourceGraphQuota;
import com.cmkverifier.testing.wire.SweepPlan;
import com.cmkverifier.testing.wire.TestCertificate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Bench (bench/sweep-estate.sh): a sweep of a synthetic estate through the Functions path: the timer function
 * cuts the registry into shards and queues them (Azurite), then several worker processes (separate JVMs, each
 * its own app context, clients and gate over the shared quota table) take the queue's messages through the
 * job function, against the quota-enforcing fakes with realistic latencies (Key Vault, Log Analytics, and Resource
 * Graph for the vaults' subscriptions), which run in this process with a {@link StorageCounter} between the app's
 * storage clients and Azurite.
 *
 * <p>{@code coordinator N K V W S workers threads shardSize} or {@code worker ...} (started by the coordinator).
 */
public final class EstateSweepBench {

    private static final String TIMER = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,"
            + "\"IsPastDue\":false}";

    private EstateSweepBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("worker")) {
            worker(args);
        } else {
            coordinator(args);
        }
    }

    private static void coordinator(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]);
        int keys = Integer.parseInt(a[2]);
        int vaults = Integer.parseInt(a[3]);
        int workspaces = Integer.parseInt(a[4]);
        int subscriptions = Integer.parseInt(a[5]);
        int workers = Integer.parseInt(a[6]);
        int threads = Integer.parseInt(a[7]);
        int shardSize = Integer.parseInt(a[8]);
        Fleet fleet = new Fleet(n, vaults, keys, workspaces);
        try (FakeKeyVault vault = new FakeKeyVault(25); FakeLogAnalytics logs = new FakeLogAnalytics();
             FakeResourceGraph graph = new FakeResourceGraph(vaultRows(vaults, subscriptions),
                     ResourceGraphQuota.onClock(Clock.systemUTC()))) {
            KeyVaultLimits limits = KeyVaultLimits.azure(h -> "sub-" + Integer.parseInt(h.substring(3,
                    h.indexOf('.'))) % subscriptions);
            fleet.load(vault, logs);
            Latencies.realistic(vault, limits, logs, graph);
            Path dir = Files.createTempDirectory("estate");
            Map<String, String> env = environment(dir, fleet, shardSize);
            String prefix = env.get(AppSettings.TABLE_PREFIX);
            Azurite.connection();
            StorageCounter storage = new StorageCounter(prefix, 10002, 10001);
            env.put(AppSettings.STORAGE, storage.connection());
            TableClient sweepTable = new TableServiceClientBuilder().connectionString(Azurite.connection())
                    .buildClient().getTableClient(prefix + "sweeps");
            AppContext app = new AppContext(AppSettings.from(env), Clock.systemUTC(), () -> {
                throw new IllegalStateException("the coordinator only fires the timer");
            });
            Path keyStore = TestCertificate.export(dir.resolve("wire.p12"));
            // Seeding the registry and creating the tables came before: not the sweep's transactions.
            Map<String, Long> setup = storage.counts();
            storage.reset();
            double cpuAtTimer = cpuSeconds();
            long start = System.nanoTime();
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            progress.scheduleAtFixedRate(() -> System.err.println(progress(start, sweepTable, vault, logs, storage)),
                    10, 10, TimeUnit.SECONDS);
            new SweepFunctions(() -> app).sweep(TIMER, new FunctionCall().context);
            long queued = System.nanoTime();
            List<Process> ps = new ArrayList<>();
            // The flags the Functions Java worker starts its JVM with (C1 only: worker.config.json in
            // Azure/azure-functions-java-worker), the heap a 4 GB Flex Consumption instance gives by default (a
            // quarter), and the JDK client allowed the Content-Length header the SDK sets (else one warning per request).
            for (int w = 0; w < workers; w++) {
                List<String> cmd = new ArrayList<>(ChildJvm.command(keyStore, List.of("-Xmx1g",
                        "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                        "-Djdk.httpclient.allowRestrictedHeaders=content-length"), EstateSweepBench.class,
                        List.of("worker", vault.server().baseUrl(), logs.endpoint(), graph.server().baseUrl(),
                                String.valueOf(vaults), String.valueOf(threads))));
                env.forEach((k, v) -> cmd.add(k + "=" + v));
                ps.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            List<String> rss = new ArrayList<>();
            for (Process p : ps) {
                rss.add(new String(p.getInputStream().readAllBytes()).trim());
                p.waitFor();
            }
            long end = System.nanoTime();
            progress.shutdownNow();
            System.err.println(progress(start, sweepTable, vault, logs, storage));
            SweepProgress sweep = app.sweeps().latest(null);
            SweepPlan plan = SweepPlan.wholeWorkspaces(fleet.resources(), LiveSettings.DEFAULTS.batchSize());
            Map<String, ProtectedResource> byName = new HashMap<>();
            fleet.resources().forEach(r -> byName.put(r.name(), r));
            SweepStore shardRows = new SweepStore(sweepTable);
            List<List<ProtectedResource>> shards = new ArrayList<>();
            for (int i = 0; i < sweep.sweep().shards(); i++) {
                shards.add(shardRows.shard(sweep.sweep().id(), i).orElseThrow().members().stream().map(byName::get)
                        .toList());
            }
            SweepPlan planOfShards = SweepPlan.of(shards, LiveSettings.DEFAULTS.batchSize());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("estate", n + " resources, " + keys + " keys, " + vaults + " vaults, " + workspaces
                    + " workspaces, " + subscriptions + " subscriptions");
            out.put("workers", workers + " processes x " + threads + " threads, shard size " + shardSize
                    + ", Key Vault reads in flight per process " + env.get(LiveSettings.MAX_CONCURRENCY));
            out.put("wall time, timer to last worker exit, s", String.format("%.1f", (end - start) / 1e9));
            out.put("timer (shards queued), s", String.format("%.1f", (queued - start) / 1e9));
            out.put("sweep", sweep.sweep().shards() + " shards, " + sweep.shardsDone() + " done, counts "
                    + sweep.counts());
            out.put("Key Vault requests by kind", vault.requestsByKind());
            out.put("Key Vault reads, plan minimum (2K + P)", plan.keyVaultReads());
            out.put("log queries (activity + names)", logs.queries("activity") + " + " + logs.queries("names"));
            out.put("log queries, plan minimum for these shards (with whole-workspace shards)",
                    planOfShards.logQueries() + " (" + plan.logQueries() + ")");
            out.put("peak per-vault units in any 10 s (budget: 10 % of CMKV_VAULT_LIMIT 2,000 = 200)",
                    limits.vaults().peak());
            out.put("peak per-subscription units in any 10 s", limits.subscriptions().peak());
            out.put("Table transactions by table and kind (counted between the app's clients and Azurite)",
                    storage.counts().entrySet().stream().filter(e -> e.getKey().startsWith("Table"))
                            .map(e -> e.getKey().substring(6) + " " + e.getValue()).toList() + ", total "
                            + storage.total("Table"));
            out.put("setup before the timer (registry seeded, tables created), left out of the storage rows",
                    setup.values().stream().mapToLong(Long::longValue).sum() + " transactions");
            out.put("Queue transactions by kind", storage.counts().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("Queue")).map(e -> e.getKey().substring(6) + " "
                            + e.getValue()).toList() + ", total " + storage.total("Queue"));
            out.put("429 from Key Vault; from Log Analytics", limits.refused() + "; " + logs.limits().refused());
            out.put("Resource Graph queries (the vaults' subscriptions, for the subscription ceiling); 429s",
                    graph.queries() + "; " + graph.quota().throttled());
            out.put("most log queries in flight", logs.server().maxInFlight());
            out.put("worker peak RSS (VmHWM), CPU (whole process)", rss);
            out.put("coordinator (fakes, storage counter) peak RSS, CPU from timer to end", peakRss() + ", "
                    + String.format("%.1f", cpuSeconds() - cpuAtTimer) + " s");
            out.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
        }
    }

    /** One line every 10 s while the sweep runs: what is done and what each service was asked so far. */
    private static String progress(long start, TableClient sweeps, FakeKeyVault vault, FakeLogAnalytics logs,
                                   StorageCounter storage) {
        String done;
        try {
            String id = (String) sweeps.getEntity("latest", "latest").getProperty("sweepId");
            TableEntity h = sweeps.getEntity(id, "sweep");
            long results = h.getProperties().entrySet().stream().filter(e -> e.getKey().startsWith("count"))
                    .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
            done = "shards " + h.getProperty("shardsDone") + "/" + h.getProperty("shards") + ", results " + results;
        } catch (RuntimeException e) {
            done = "no sweep yet";
        }
        return String.format("[%5.0f s] %s; Key Vault %d, log queries %d (in flight %d), Table %d, Queue %d",
                (System.nanoTime() - start) / 1e9, done, vault.server().count(r -> true),
                logs.server().count(r -> true), logs.server().inFlight(), storage.total("Table"),
                storage.total("Queue"));
    }

    private static Map<String, String> environment(Path dir, Fleet fleet, int shardSize) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("resources");
        for (ProtectedResource r : fleet.resources()) {
            ObjectNode e = list.addObject();
            e.put("name", r.name());
            e.put("type", r.type());
            e.put("key", r.key().url());
            e.putObject("identity").put("principalId", r.principalId());
            e.put("workspaceId", r.workspaceId());
        }
        Path registry = dir.resolve("registry.json");
        Files.writeString(registry, root.toString());
        Map<String, String> env = new HashMap<>();
        env.put(AppSettings.STORAGE, Azurite.connection());
        env.put(AppSettings.TABLE_PREFIX, Azurite.uniqueName("bench"));
        env.put(AppSettings.JOBS_QUEUE, Azurite.uniqueName("bench"));
        env.put(AppSettings.REGISTRY_SEED_FILE, registry.toString());
        env.put(AppSettings.SHARD_SIZE, String.valueOf(shardSize));
        env.put(LiveSettings.MAX_CONCURRENCY, Objects.requireNonNullElse(System.getenv(LiveSettings.MAX_CONCURRENCY),
                String.valueOf(LiveSettings.DEFAULTS.maxConcurrency())));
        return env;
    }

    /** One worker process: its own app context on the shared tables, queue and quota table. */
    private static void worker(String[] a) throws Exception {
        String vaultBase = a[1];
        URI logsEndpoint = URI.create(a[2]);
        URI graphEndpoint = URI.create(a[3]);
        int vaults = Integer.parseInt(a[4]);
        int threads = Integer.parseInt(a[5]);
        Map<String, String> env = new HashMap<>();
        for (int i = 6; i < a.length; i++) {
            env.put(a[i].substring(0, a[i].indexOf('=')), a[i].substring(a[i].indexOf('=') + 1));
        }
        env.remove(AppSettings.REGISTRY_SEED_FILE);
        int keyReads = Integer.parseInt(env.getOrDefault(LiveSettings.MAX_CONCURRENCY,
                String.valueOf(LiveSettings.DEFAULTS.maxConcurrency())));
        AppSettings settings = AppSettings.from(env);
        Map<String, String> endpoints = new HashMap<>();
        for (int v = 0; v < vaults; v++) {
            endpoints.put(Fleet.vaultHost(v), vaultBase + "/" + Fleet.vaultHost(v));
        }
        EvidenceSources evidence = WorkerEvidence.of(new LiveSettings(logsEndpoint, Duration.ofMinutes(3),
                Duration.ofSeconds(30), LiveSettings.DEFAULTS.batchSize(), keyReads, 3, Duration.ofMillis(800)),
                env.get(AppSettings.STORAGE), settings.tablePrefix() + "quota", QuotaSettings.fromEnvironment(env),
                endpoints, graphEndpoint);
        AppContext app = new AppContext(settings, Clock.systemUTC(), () -> evidence);
        JobFunctions jobs = new JobFunctions(() -> app);
        QueueClient queue = new StorageClients(settings.storage()).queue(settings.jobsQueue());
        FunctionCall call = new FunctionCall();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (true) {
                    QueueMessageItem m = queue.receiveMessages(1, Duration.ofMinutes(10), null, null).stream()
                            .findFirst().orElse(null);
                    if (m == null) {
                        if (queue.getProperties().getApproximateMessagesCount() == 0) {
                            return null;
                        }
                        Thread.sleep(500);
                        continue;
                    }
                    jobs.run(m.getBody().toString(), m.getDequeueCount(), call.context);
                    queue.deleteMessage(m.getMessageId(), m.getPopReceipt());
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        System.out.println(peakRss() + ", CPU " + String.format("%.1f", cpuSeconds()) + " s");
        System.exit(0);
    }

    /** Resource Graph's rows of the fleet's vaults, vault v in subscription v mod {@code subscriptions}. */
    private static List<JsonNode> vaultRows(int vaults, int subscriptions) {
        return vaultRows(vaults, v -> String.format("00000000-0000-4000-8000-%012d", v % subscriptions));
    }

    /** Resource Graph's rows of the fleet's vaults, vault v in subscription {@code subscriptionOf(v)}. */
    static List<JsonNode> vaultRows(int vaults, IntFunction<String> subscriptionOf) {
        List<JsonNode> rows = new ArrayList<>();
        for (int v = 0; v < vaults; v++) {
            String name = Fleet.vaultHost(v).substring(0, Fleet.vaultHost(v).indexOf('.'));
            String subscription = subscriptionOf.apply(v);
            rows.add(JsonNodeFactory.instance.objectNode().put("id", "/subscriptions/" + subscription
                            + "/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/" + name)
                    .put("name", name).put("type", "microsoft.keyvault/vaults").put("subscriptionId", subscription));
        }
        return rows;
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static String peakRss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .map(l -> l.replaceAll("\\s+", " ")).findFirst().orElse("?");
    }
}
