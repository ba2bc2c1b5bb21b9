package com.cmkverifier.bench;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.LiveRig;
import com.cmkverifier.testing.wire.Received;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Sweep cost against Azure-like latency: the batched sweep ({@code VerificationService} with the live
 * sources) and the naive per-resource strategy, side by side in each run, against the wire-level fakes.
 * Counts requests by kind, the most requests in flight at once and the most log queries in any 30 s, and
 * times each sweep. Run by {@code bench/sweep-cost.sh}; not a test.
 *
 * <p>Arguments (all optional, in order): resources, vaults, keys, workspaces, runs, naive sample (every n-th
 * resource), output file.
 */
public final class SweepCost {

    static final Duration LOGS_LATENCY = Duration.ofMillis(800);
    static final Duration KEY_VAULT_LATENCY = Duration.ofMillis(30);
    /** The live defaults: keys per log query, Key Vault reads in flight. */
    static final int BATCH = 200;
    static final int KEY_VAULT_CONCURRENCY = 8;
    /** The Logs API runs 5 concurrent queries per caller; the naive strategy keeps under it like the source. */
    static final int NAIVE_PARALLEL = 4;
    private static final Duration RATE_WINDOW = Duration.ofSeconds(30);

    private SweepCost() {
    }

    record Run(String strategy, int resources, long millis, Map<String, Long> keyVault, long activity, long names,
               int keyVaultInFlight, int logsInFlight, int logsPer30s, List<Verdict> verdicts) {

        long keyVaultTotal() {
            return keyVault.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        int resources = arg(args, 0, 10_000);
        int vaults = arg(args, 1, 200);
        int keys = arg(args, 2, 2_000);
        int workspaces = arg(args, 3, 5);
        int runs = arg(args, 4, 5);
        int naiveEvery = arg(args, 5, 100);
        Path out = Path.of(args.length > 6 ? args[6] : "bench/out/sweep-cost.md");

        Fleet fleet = new Fleet(resources, vaults, keys, workspaces);
        List<ProtectedResource> all = fleet.resources();
        List<ProtectedResource> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i += naiveEvery) {
            sample.add(all.get(i));
        }
        List<Run> batched = new ArrayList<>();
        List<Run> naive = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            batched.add(measure(fleet, "batched", all, false));
            naive.add(measure(fleet, "naive", sample, true));
            System.err.printf(Locale.ROOT, "run %d: batched %d ms, naive %d ms (%d resources)%n", r,
                    batched.get(r - 1).millis, naive.get(r - 1).millis, sample.size());
        }
        String report = Report.sweep(fleet, all, sample, batched, naive, String.join(" ", args));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static Run measure(Fleet fleet, String strategy, List<ProtectedResource> targets, boolean perResource)
            throws InterruptedException {
        try (LiveRig rig = new LiveRig(fleet, BATCH, KEY_VAULT_CONCURRENCY, KEY_VAULT_LATENCY, LOGS_LATENCY)) {
            long start = System.nanoTime();
            List<Verdict> verdicts = perResource
                    ? NaiveSweep.verify(rig.service(), fleet.registry(), targets, Fleet.WINDOW, Fleet.AT, NAIVE_PARALLEL)
                    : rig.service().verify(fleet.registry(), targets, Fleet.WINDOW, Fleet.AT).verdicts();
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Run(strategy, targets.size(), millis, rig.vault().requestsByKind(),
                    rig.logs().queries("activity"), rig.logs().queries("names"), rig.vault().server().maxInFlight(),
                    rig.logs().server().maxInFlight(), mostWithin(rig.logs().server().received(), RATE_WINDOW),
                    verdicts);
        }
    }

    /** The most requests that arrived within any {@code window}. */
    static int mostWithin(List<Received> received, Duration window) {
        long[] t = received.stream().mapToLong(Received::nanos).sorted().toArray();
        int most = 0;
        for (int i = 0, j = 0; i < t.length; i++) {
            while (t[i] - t[j] >= window.toNanos()) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    /** The least requests a sweep of {@code targets} can send: per distinct key one read of the key and one
     * page of its version listing, plus each pinned older version; per workspace one query per batch. */
    static Map<String, Long> minimum(Fleet fleet, List<ProtectedResource> targets) {
        Map<String, Long> min = new TreeMap<>();
        long keys = Fleet.keysOf(targets).size();
        min.put("keyVault", 2 * keys + Fleet.keysPinnedToOlder(targets).size());
        Map<String, Long> perWorkspace = Fleet.keysOf(targets).stream()
                .collect(Collectors.groupingBy(fleet::workspaceOf, Collectors.counting()));
        min.put("activity", perWorkspace.values().stream().mapToLong(n -> (n + BATCH - 1) / BATCH).sum());
        return min;
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    static String machine() throws IOException {
        String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> l.replaceAll("\\D+", "")).map(kb -> Long.parseLong(kb) / 1024 / 1024 + " GiB")
                .orElse("unknown memory");
        return Runtime.getRuntime().availableProcessors() + " cores, " + mem + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }
}
