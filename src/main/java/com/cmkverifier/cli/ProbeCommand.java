package com.cmkverifier.cli;

import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.probe.AzureGuards;
import com.cmkverifier.core.probe.ExitHooks;
import com.cmkverifier.core.probe.KeyVersionSwitch;
import com.cmkverifier.core.probe.Probe;
import com.cmkverifier.core.probe.ProbeFacts;
import com.cmkverifier.core.probe.ProbeGuards;
import com.cmkverifier.core.probe.RestoreRecord;
import com.cmkverifier.core.probe.Sleeper;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.discovery.live.DiscoveryScope;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.keyvault.KeyVaultVersionSwitch;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.evidence.signin.AzureSignIn;
import com.cmkverifier.registry.RegistryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code cmkv probe}: disable the key version a test resource uses, watch it fail, re-enable, watch it recover
 * (spec section 11). Guard 1 runs before any Azure client is even built; guards 2 to 7 read Azure (Resource Graph,
 * the audit log, Key Vault) and all are judged, every failure listed, before anything is written.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test environments only: disable the key version a resource uses, watch its identity fail"
                + " on it in the audit log, re-enable it on every path, and watch the recovery.",
                "Needs Key Vault Crypto Officer (or Microsoft.KeyVault/vaults/keys/write) on the test vault."})
final class ProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", order = 1, paramLabel = "FILE", description = "Registry file (JSON).")
    Path registry;

    @Option(names = "--resource", order = 2, paramLabel = "NAME", description = "Registered resource to probe.")
    String resource;

    @Option(names = "--live", order = 3, description = "Required: the probe changes a key in Azure.")
    boolean live;

    @Option(names = "--confirm", order = 4, paramLabel = "NAME", description = "Repeat the resource's name.")
    String confirm;

    @Option(names = "--max-outage", order = 5, paramLabel = "DURATION", defaultValue = "PT30M",
            description = "Longest time the version stays disabled (a hard deadline, kept by a watchdog), and the"
                    + " longest wait for recovery (default PT30M). Must lie between the type's notice time and its"
                    + " self-heal window.")
    String maxOutage;

    @Option(names = "--look-back", order = 6, paramLabel = "DURATION", defaultValue = "P30D",
            description = "How far back the audit log is read for every identity that used the version (default P30D).")
    String lookBack;

    @Option(names = "--scope", order = 7, paramLabel = "SCOPE",
            description = "Where to look for other resources that use the key: a subscription id or"
                    + " /providers/Microsoft.Management/managementGroups/NAME; repeatable (default: everything the"
                    + " credential can read).")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--restore", order = 8, description = "Re-enable every version this tool's cmkv-probe tag still"
            + " holds: from the restore records here, and from the keys named by --key or --registry (any machine).")
    boolean restore;

    @Option(names = "--key", order = 9, paramLabel = "URL",
            description = "With --restore: a key (https://{vault}/keys/{name}) whose tagged versions to re-enable;"
                    + " repeatable.")
    List<String> restoreKeys = new ArrayList<>();

    @Option(names = "--records", order = 10, paramLabel = "DIR",
            description = "Folder of restore records (default ~/.cmkv/probe-records).")
    Path records;

    @Mixin
    OutputOptions output;

    private final Supplier<LiveSources> azure;
    private final Supplier<LiveDiscovery> graph;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Sleeper watchdogSleeper;
    private final ExitHooks hooks;

    ProbeCommand() {
        this(() -> LiveSources.create(LiveSettings.fromEnvironment(System.getenv())),
                () -> LiveDiscovery.fromEnvironment(System.getenv(), LiveSources.defaultCredential()),
                Clock.systemUTC(), Sleeper.REAL, Sleeper.REAL, ExitHooks.JVM);
    }

    ProbeCommand(Supplier<LiveSources> azure, Supplier<LiveDiscovery> graph, Clock clock, Sleeper sleeper,
                 Sleeper watchdogSleeper, ExitHooks hooks) {
        this.azure = azure;
        this.graph = graph;
        this.clock = clock;
        this.sleeper = sleeper;
        this.watchdogSleeper = watchdogSleeper;
        this.hooks = hooks;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RestoreRecordFiles recordFiles = new RestoreRecordFiles(records == null ? RestoreRecordFiles.defaultFolder() : records);
        if (output.at != null || output.window != null) {
            throw new UsageException("--at and --window do not apply to the probe: it watches from now on");
        }
        if (!live) {
            throw new UsageException("the probe needs --live: it disables a key version in Azure and watches the"
                    + " audit log as it happens");
        }
        if (restore) {
            return restoreAll(recordFiles, err);
        }
        if (!restoreKeys.isEmpty()) {
            throw new UsageException("--key applies to --restore only");
        }
        Probe.Settings settings = settings();
        Duration back = duration("--look-back", lookBack);
        DiscoveryScope scope = scope();
        ProtectedResource target = guardedTarget(settings.maxOutage());
        LiveSources sources = sources();
        requireSignIn(sources, target, settings.maxOutage());
        KeyVersionSwitch keys = sources.versionSwitch();
        ProbeFacts facts = ProbeAzureReads.read(target, graph.get(), scope, sources.auditLogs(), keys, clock.instant(),
                back);
        refuseIf(AzureGuards.refusals(target, facts, settings.maxOutage(), back));
        Probe probe = probe(keys, sources, recordFiles, settings, err);
        Probe.Result result;
        try {
            result = probe.run(target);
        } catch (Probe.Refused e) {
            throw new UsageException(e.getMessage());
        } catch (Probe.DisableFailed e) {
            if (e.confirmedEnabled()) {
                throw new UsageException(e.getMessage());
            }
            err.println("cmkv probe: KEY VERSION MAY BE DISABLED: " + e.getMessage() + ". Run: "
                    + recordFiles.restoreWith());
            return ExitCode.FAILED;
        }
        VerificationReport report = new VerificationReport(clock.instant(), result.verdict().window(),
                List.of(result.verdict()), InputStats.NONE);
        output.write(report, spec.commandLine().getOut());
        if (!result.restored()) {
            err.println("cmkv probe: KEY VERSION " + result.record().version() + " OF " + result.record().key()
                    + " IS STILL DISABLED: " + result.problem() + ". Run: " + recordFiles.restoreWith()
                    + " (or from any machine: cmkv probe --live --restore --key " + result.record().key() + ")");
        }
        return ExitCode.of(report);
    }

    /**
     * One reason instead of the same sign-in failure under every guard: without a token none of guards 2 to 5 and
     * 7 can be checked, and the refusal says so beside guard 6's reasons.
     */
    private static void requireSignIn(LiveSources sources, ProtectedResource target, Duration maxOutage) {
        try {
            sources.requireSignIn(List.of(target.key().keyId().vaultHost()), true);
        } catch (AzureSignIn.Unavailable e) {
            List<String> refusals = new ArrayList<>();
            refusals.add("sign-in: " + e.getMessage().replaceAll("\\s+", " ").trim() + "; so guards 2 to 5 and 7"
                    + " (Azure's tags, every user of the key, the audit log, the version's state) could not be"
                    + " checked");
            refusals.addAll(ProbeGuards.outageRefusals(target.type(), maxOutage));
            refuseIf(refusals);
        }
    }

    private static void refuseIf(List<String> refusals) {
        if (!refusals.isEmpty()) {
            throw new UsageException("probe refused, nothing was changed (" + refusals.size() + " reason(s)): "
                    + String.join("; ", refusals));
        }
    }

    private Probe.Settings settings() {
        try {
            return new Probe.Settings(duration("--max-outage", maxOutage), Probe.Settings.DEFAULT_POLL, who());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Duration duration(String option, String value) {
        return TimeArguments.duration(option, value);
    }

    private DiscoveryScope scope() {
        try {
            return DiscoveryScope.parse(scopes);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Who runs the probe, for the tag on the key: the account and the machine, as this process knows them. */
    private static String who() {
        String host = System.getenv().getOrDefault("HOSTNAME", System.getenv().getOrDefault("COMPUTERNAME", "?"));
        return System.getProperty("user.name", "?") + "@" + host;
    }

    /**
     * The resource, once guard 1 passed; a refusal there also names guard 6's reasons (it needs no request either),
     * and no request is made.
     */
    private ProtectedResource guardedTarget(Duration maxOutage) {
        if (registry == null || resource == null) {
            throw new UsageException("the probe needs --registry FILE and --resource NAME (or --restore)");
        }
        Registry reg = RegistryReader.read(registry);
        ProtectedResource target = reg.find(resource).orElseThrow(() -> new UsageException(
                "--resource: no resource named '" + resource + "' in " + registry));
        List<String> refusals = new ArrayList<>(ProbeGuards.refusals(reg, target, confirm));
        if (!refusals.isEmpty()) {
            refusals.addAll(ProbeGuards.outageRefusals(target.type(), maxOutage));
        }
        refuseIf(refusals);
        return target;
    }

    private LiveSources sources() {
        KeyVaultVersionSwitch.keepUsableDuringShutdown();
        return azure.get();
    }

    private Probe probe(KeyVersionSwitch keys, LiveSources sources, RestoreRecordFiles recordFiles,
                        Probe.Settings settings, PrintWriter err) {
        return new Probe(keys, sources.auditLogs(), recordFiles, settings, clock, sleeper, watchdogSleeper, hooks,
                line -> {
                    err.println("cmkv probe: " + line);
                    err.flush();
                });
    }

    /**
     * Re-enables what this tool's tag still holds: every key named by a local record, by {@code --key} or by the
     * {@code --registry} entries is listed with its versions' tags; a version is re-enabled only when it still
     * carries the {@code cmkv-probe} tag naming it, never one disabled on purpose since a probe ended.
     */
    private int restoreAll(RestoreRecordFiles recordFiles, PrintWriter err) {
        List<RestoreRecord> local = recordFiles.all(note -> err.println("cmkv probe: " + note));
        Set<KeyId> keyIds = new LinkedHashSet<>();
        local.forEach(r -> keyIds.add(r.key()));
        for (String k : restoreKeys) {
            try {
                keyIds.add(KeyReference.parse(k).keyId());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--key: " + e.getMessage());
            }
        }
        if (registry != null) {
            RegistryReader.read(registry).resources().stream()
                    .filter(r -> resource == null || r.name().equals(resource))
                    .forEach(r -> keyIds.add(r.key().keyId()));
        }
        if (keyIds.isEmpty()) {
            err.println("cmkv probe: no restore records and no --key or --registry, nothing to re-enable");
            return ExitCode.OK;
        }
        LiveSources sources = sources();
        KeyVersionSwitch keys = sources.versionSwitch();
        Probe probe = probe(keys, sources, recordFiles, new Probe.Settings(Duration.ofMinutes(1),
                Duration.ofMinutes(1), who()), err);
        int failed = 0;
        for (KeyId key : keyIds) {
            List<KeyVersionSwitch.VersionState> versions;
            try {
                versions = keys.versions(key);
            } catch (RuntimeException e) {
                err.println("cmkv probe: COULD NOT LIST the versions of " + key + " (" + e.getMessage() + "): its"
                        + " records are kept");
                failed++;
                continue;
            }
            Set<String> tagged = new LinkedHashSet<>();
            for (KeyVersionSwitch.VersionState v : versions) {
                Optional<RestoreRecord> held = RestoreRecord.fromTags(key, v.version(), v.tags());
                if (held.isPresent()) {
                    tagged.add(v.version().toLowerCase(Locale.ROOT));
                    failed += restoreOne(probe, held.get(), err);
                }
            }
            for (RestoreRecord r : local) {
                if (r.key().equals(key) && !tagged.contains(r.version().toLowerCase(Locale.ROOT))) {
                    recordFiles.remove(r);
                    err.println("cmkv probe: not re-enabled: version " + r.version() + " of " + key + " no longer"
                            + " carries the " + RestoreRecord.TAG + " tag (its probe ended, and anyone may have"
                            + " disabled it on purpose since); removed the stale record of " + r.disabledAt());
                }
            }
        }
        return failed == 0 ? ExitCode.OK : ExitCode.FAILED;
    }

    private int restoreOne(Probe probe, RestoreRecord r, PrintWriter err) {
        Instant now = clock.instant();
        String problem = probe.restore(r, (r.deadline().isAfter(now) ? r.deadline() : now)
                .plus(Duration.ofMinutes(15)));
        err.println("cmkv probe: " + (problem == null ? "re-enabled and confirmed" : "COULD NOT RE-ENABLE ("
                + problem + ")") + ": version " + r.version() + " of " + r.key() + " (probe by " + r.who()
                + " from " + r.disabledAt() + ")");
        return problem == null ? 0 : 1;
    }
}
