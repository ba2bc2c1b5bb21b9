package com.cmkverifier.bench;

import com.cmkverifier.bench.SweepCost.Run;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.testing.wire.Fleet;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The sweep cost results as Markdown, with the command and machine that produced them. */
final class Report {

    private Report() {
    }

    static String sweep(Fleet fleet, List<ProtectedResource> all, List<ProtectedResource> sample, List<Run> batched,
                        List<Run> naive, String args) throws IOException {
        double scale = (double) all.size() / sample.size();
        StringBuilder md = new StringBuilder();
        md.append("Command: `bench/sweep-cost.sh").append(args.isEmpty() ? "" : " " + args).append("` on ")
                .append(LocalDate.now()).append("; machine: ").append(SweepCost.machine()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Input: %,d resources on %,d keys in %d vaults, %d workspaces; latency "
                        + "per request: Logs %d ms, Key Vault %d ms; batch %d keys per query, Key Vault concurrency %d. "
                        + "Naive: every %d-th resource (%d resources), %d at a time, extrapolated linearly to %,d.%n%n",
                all.size(), Fleet.keysOf(all).size(), fleet.vaults(), Fleet.workspacesOf(all).size(), SweepCost.LOGS_LATENCY.toMillis(),
                SweepCost.KEY_VAULT_LATENCY.toMillis(), SweepCost.BATCH, SweepCost.KEY_VAULT_CONCURRENCY,
                Math.round(scale), sample.size(), SweepCost.NAIVE_PARALLEL, all.size()));
        md.append("| run | batched, s | naive sample, s | naive extrapolated, s | ratio naive / batched |\n");
        md.append("|---|---|---|---|---|\n");
        for (int i = 0; i < batched.size(); i++) {
            row(md, String.valueOf(i + 1), batched.get(i).millis(), naive.get(i).millis(), scale);
        }
        row(md, "**median**", (long) median(batched, Run::millis), (long) median(naive, Run::millis), scale);

        Run b = batched.get(batched.size() / 2);
        Run n = naive.get(naive.size() / 2);
        Map<String, Long> min = SweepCost.minimum(fleet, all);
        md.append("\n| requests (one run) | batched | minimum | naive sample | naive extrapolated |\n");
        md.append("|---|---|---|---|---|\n");
        counts(md, "Key Vault, all", b.keyVaultTotal(), min.get("keyVault"), n.keyVaultTotal(), scale);
        for (String kind : kinds(b, n)) {
            counts(md, "- " + kind, b.keyVault().getOrDefault(kind, 0L), null, n.keyVault().getOrDefault(kind, 0L),
                    scale);
        }
        counts(md, "log queries, key activity", b.activity(), min.get("activity"), n.activity(), scale);
        counts(md, "log queries, caller names", b.names(), null, n.names(), scale);
        md.append(String.format(Locale.ROOT, "| most Key Vault requests in flight | %d | limit %d | %d | |%n",
                b.keyVaultInFlight(), SweepCost.KEY_VAULT_CONCURRENCY, n.keyVaultInFlight()));
        md.append(String.format(Locale.ROOT, "| most log queries in flight | %d | limit 5 | %d | |%n",
                b.logsInFlight(), n.logsInFlight()));
        md.append(String.format(Locale.ROOT, "| most log queries in any 30 s | %d | limit 200 | %d | |%n%n",
                b.logsPer30s(), n.logsPer30s()));
        md.append("Same verdicts for the sampled resources both ways: ").append(agree(b, naive)).append("\n");
        return md.toString();
    }

    private static List<String> kinds(Run b, Run n) {
        Map<String, Long> both = new TreeMap<>(b.keyVault());
        both.putAll(n.keyVault());
        return new ArrayList<>(both.keySet());
    }

    private static void row(StringBuilder md, String run, long batchedMs, long naiveMs, double scale) {
        md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.0fx |%n", run, batchedMs / 1000.0,
                naiveMs / 1000.0, naiveMs * scale / 1000.0, naiveMs * scale / batchedMs));
    }

    private static void counts(StringBuilder md, String what, long batched, Long min, long naive, double scale) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %,.0f |%n", what, batched,
                min == null ? "" : String.format(Locale.ROOT, "%,d", min), naive, naive * scale));
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Whether every naive run's verdicts (status and finding codes) equal the batched run's for those resources. */
    private static String agree(Run batched, List<Run> naive) {
        Map<String, String> expected = outcomes(batched.verdicts());
        long differ = naive.stream().flatMap(r -> r.verdicts().stream())
                .filter(v -> !outcome(v).equals(expected.get(v.resource()))).count();
        return differ == 0 ? "yes" : "NO, " + differ + " differ";
    }

    private static Map<String, String> outcomes(List<Verdict> verdicts) {
        Map<String, String> out = new TreeMap<>();
        verdicts.forEach(v -> out.put(v.resource(), outcome(v)));
        return out;
    }

    private static String outcome(Verdict v) {
        return v.status() + " " + v.findings().stream().map(f -> f.code().name()).sorted().toList();
    }
}
