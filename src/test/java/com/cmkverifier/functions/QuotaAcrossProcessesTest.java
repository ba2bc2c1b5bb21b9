package com.cmkverifier.functions;

import com.azure.data.tables.TableServiceClientBuilder;
import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.QuotaSettings;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.testing.wire.ChildJvm;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.FakeResourceGraph;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.KeyVaultLimits;
import com.cmkverifier.testing.wire.LogAnalyticsLimits;
import com.cmkverifier.testing.wire.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three worker processes (JVMs of their own, each wired as a Functions host wires its live evidence: a gate over
 * one shared Azurite quota table, the real Key Vault, Logs and Resource Graph clients) read one estate at once,
 * released together by one line on their stdin, against the quota-enforcing fakes in this JVM. Counted by the
 * fakes: every vault stays within its budget fraction and every subscription within its fraction of the ceiling
 * in every sliding window, at most five queries of the shared identity run at once, nothing is refused and every
 * resource gets its answer. {@code QuotaAcrossInstancesTest} shows the same for instances in one JVM.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class QuotaAcrossProcessesTest {

    private static final int PROCESSES = 3;
    /** A vault's limit per (shortened) 1-second window; 10 % of it is the processes' budget together. */
    private static final int VAULT_LIMIT = 100;
    private static final int VAULT_BUDGET = 10;
    /** 10 % of a subscription's ceiling of five vaults' limits. */
    private static final int SUBSCRIPTION_BUDGET = 50;
    private static final QuotaSettings QUOTAS = new QuotaSettings(VAULT_LIMIT, 10, Duration.ofSeconds(1), 2, 2, 5,
            200, Duration.ofSeconds(30), "app");
    /** One vault alone in its subscription (its own budget binds), nine in another (the ceiling binds). */
    private static final int VAULTS = 10;
    private static final String FEW = "00000000-0000-4000-8000-00000000000a";
    private static final String MANY = "00000000-0000-4000-8000-00000000000b";

    @TempDir
    Path dir;

    /** The estate: ten keys a vault, one resource a key, six workspaces. */
    static Fleet fleet() {
        return new Fleet(100, VAULTS, 100, 6);
    }

    private static String subscriptionOf(int vault) {
        return vault == 0 ? FEW : MANY;
    }

    @Test
    void workerProcessesTogetherKeepEveryVaultSubscriptionAndIdentityWithinItsLimits() throws Exception {
        Fleet fleet = fleet();
        KeyVaultLimits vaultLimits = new KeyVaultLimits(VAULT_LIMIT, Duration.ofSeconds(1), Clock.systemUTC(),
                host -> subscriptionOf(Integer.parseInt(host.substring(3, host.indexOf('.')))));
        LogAnalyticsLimits logLimits = new LogAnalyticsLimits(200, Duration.ofSeconds(30), 5, Duration.ofMillis(200),
                Duration.ofMillis(150), Clock.systemUTC());
        String table = Azurite.uniqueName("quota");
        new TableServiceClientBuilder().connectionString(Azurite.connection()).buildClient()
                .createTableIfNotExists(table);
        try (FakeKeyVault vault = new FakeKeyVault(25); FakeLogAnalytics logs = new FakeLogAnalytics();
             FakeResourceGraph graph = new FakeResourceGraph(EstateSweepBench.vaultRows(VAULTS,
                     QuotaAcrossProcessesTest::subscriptionOf))) {
            fleet.load(vault.enforce(vaultLimits), logs.enforce(logLimits));
            Path keyStore = TestCertificate.export(dir.resolve("wire.p12"));
            List<Process> workers = new ArrayList<>();
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    workers.add(new ProcessBuilder(ChildJvm.command(keyStore, List.of("-Xmx256m",
                            "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                            "-Djdk.httpclient.allowRestrictedHeaders=content-length"), Worker.class,
                            List.of(vault.server().baseUrl(), logs.endpoint(), graph.server().baseUrl(),
                                    Azurite.connection(), table, String.valueOf(i))))
                            .redirectError(dir.resolve("worker-" + i + ".log").toFile()).start());
                }
                List<BufferedReader> outs = new ArrayList<>();
                for (int i = 0; i < PROCESSES; i++) {
                    BufferedReader out = new BufferedReader(new InputStreamReader(workers.get(i).getInputStream(),
                            StandardCharsets.UTF_8));
                    int n = i;
                    assertEquals("ready", out.readLine(), () -> log(n));
                    outs.add(out);
                }
                // All three are wired and waiting: one line each lets them go at once.
                for (Process w : workers) {
                    OutputStream in = w.getOutputStream();
                    in.write("go\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
                Set<String> answered = new HashSet<>();
                List<String> incomplete = new ArrayList<>();
                for (int i = 0; i < PROCESSES; i++) {
                    int n = i;
                    for (String line = outs.get(i).readLine(); line != null; line = outs.get(i).readLine()) {
                        String[] f = line.split(" ");
                        assertTrue(answered.add(f[0]), "answered twice: " + f[0]);
                        if (f[1].equals("incomplete")) {
                            incomplete.add(f[0]);
                        }
                    }
                    assertTrue(workers.get(i).waitFor(5, TimeUnit.MINUTES), "worker " + i + " still runs");
                    assertEquals(0, workers.get(i).exitValue(), () -> log(n));
                }

                long toFirstVault = vault.server().count(r -> r.path().startsWith("/" + Fleet.vaultHost(0) + "/"));
                int fewPeak = vaultLimits.subscriptions().peak(FEW);
                int manyPeak = vaultLimits.subscriptions().peak(MANY);
                String counts = "busiest vault " + vaultLimits.vaults().peak() + " in 1 s (budget " + VAULT_BUDGET
                        + "); subscriptions " + fewPeak + " (kv-000 alone) and " + manyPeak + " (9 vaults) in 1 s (budget "
                        + SUBSCRIPTION_BUDGET + "); Key Vault requests " + vault.authenticatedRequests() + ", "
                        + toFirstVault + " to kv-000"
                        + "; log queries at once " + logs.server().maxInFlight() + ", in all "
                        + logs.server().count(r -> true) + "; 429s from Key Vault " + vaultLimits.refused()
                        + ", Log Analytics " + logLimits.refused() + "; Resource Graph queries " + graph.queries();
                System.out.println("QuotaAcrossProcessesTest: " + counts);
                assertTrue(vaultLimits.vaults().peak() <= VAULT_BUDGET, counts);
                assertTrue(manyPeak <= SUBSCRIPTION_BUDGET, counts);
                assertTrue(logs.server().maxInFlight() <= 5, counts);
                assertEquals(0, vaultLimits.refused(), counts);
                assertEquals(0, logLimits.refused(), counts);
                assertEquals(fleet.resources().stream().map(ProtectedResource::name).collect(Collectors.toSet()),
                        answered, "every resource answered once, by one of the processes");
                assertEquals(List.of(), incomplete, "resources whose evidence was given up");
                // Not vacuous: a vault and the subscription of many were asked for several budgets' worth, and the
                // identity's queries overlapped as far as the slots allowed.
                assertTrue(toFirstVault > 2 * VAULT_BUDGET && vault.authenticatedRequests() > 4 * SUBSCRIPTION_BUDGET
                        && logs.server().maxInFlight() == 5, counts);
                assertEquals(PROCESSES, graph.queries(), counts);
            } finally {
                for (Process w : workers) {
                    w.destroyForcibly();
                }
            }
        }
    }

    private String log(int worker) {
        try {
            return Files.readString(dir.resolve("worker-" + worker + ".log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /**
     * One worker process: wires its evidence, says "ready", waits for a line on stdin, then verifies its third
     * of the estate (by key) and prints one line per resource: its name and whether its evidence is complete. It
     * ends itself after three minutes, so that a worker that hangs fails the test instead of holding it.
     * Arguments: the Key Vault fake's base URL, the Logs fake's endpoint, the Resource Graph fake's base URL, the
     * storage connection, the quota table and the worker's number.
     */
    public static final class Worker {

        private Worker() {
        }

        public static void main(String[] a) throws Exception {
            Fleet fleet = fleet();
            int part = Integer.parseInt(a[5]);
            EvidenceSources evidence = WorkerEvidence.of(new LiveSettings(URI.create(a[1]), Duration.ofMinutes(1),
                    Duration.ofSeconds(30), 20, 8, 3, Duration.ofMillis(10)), a[3], a[4], QUOTAS,
                    endpoints(a[0]), URI.create(a[2]));
            VerificationService service = new VerificationService(evidence.auditLogs(), evidence.keyMetadata(),
                    VerificationSettings.DEFAULTS);
            List<ProtectedResource> mine = fleet.resources().stream()
                    .filter(r -> Math.floorMod(r.key().keyName().hashCode(), PROCESSES) == part)
                    // By vault: every process begins with kv-000's keys, all at once on one vault.
                    .sorted(Comparator.comparing((ProtectedResource r) -> r.key().keyId().vaultHost())).toList();
            Thread guard = new Thread(() -> {
                try {
                    Thread.sleep(Duration.ofMinutes(3).toMillis());
                    System.exit(4);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            guard.setDaemon(true);
            guard.start();
            System.out.println("ready");
            if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() == null) {
                System.exit(3);
            }
            for (Verdict v : service.verify(fleet.registry(), mine, Fleet.WINDOW, Fleet.AT).verdicts()) {
                System.out.println(v.resource() + " " + (v.has(FindingCode.SOURCE_INCOMPLETE) ? "incomplete"
                        : "complete"));
            }
            System.exit(0);
        }

        private static Map<String, String> endpoints(String vaultBase) {
            Map<String, String> out = new HashMap<>();
            for (int v = 0; v < VAULTS; v++) {
                out.put(Fleet.vaultHost(v), vaultBase + "/" + Fleet.vaultHost(v));
            }
            return out;
        }
    }
}
