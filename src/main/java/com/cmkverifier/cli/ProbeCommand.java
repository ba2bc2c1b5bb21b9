package com.cmkverifier.cli;

import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.probe.ExitHooks;
import com.cmkverifier.core.probe.Probe;
import com.cmkverifier.core.probe.ProbeGuards;
import com.cmkverifier.core.probe.RestoreRecord;
import com.cmkverifier.core.probe.Sleeper;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.evidence.keyvault.KeyVaultVersionSwitch;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code cmkv probe}: disable the key version a test resource uses, watch it fail, re-enable, watch it recover
 * (spec section 11). Every guard that needs no request runs before any Azure client is even built.
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
            description = "Longest time the version stays disabled, and the longest wait for recovery (default PT30M).")
    String maxOutage;

    @Option(names = "--restore", order = 6, description = "Re-enable every version named by a restore record, then remove the records.")
    boolean restore;

    @Option(names = "--records", order = 7, paramLabel = "DIR",
            description = "Folder of restore records (default ~/.cmkv/probe-records).")
    Path records;

    @Mixin
    OutputOptions output;

    private final Supplier<LiveSources> azure;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExitHooks hooks;

    ProbeCommand() {
        this(() -> LiveSources.create(LiveSettings.fromEnvironment(System.getenv())), Clock.systemUTC(),
                Sleeper.REAL, ExitHooks.JVM);
    }

    ProbeCommand(Supplier<LiveSources> azure, Clock clock, Sleeper sleeper, ExitHooks hooks) {
        this.azure = azure;
        this.clock = clock;
        this.sleeper = sleeper;
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
        Probe.Settings settings = settings();
        ProtectedResource target = guardedTarget();
        String warning = Probe.outageWarning(target, settings.maxOutage());
        if (warning != null) {
            err.println("cmkv probe: " + warning);
        }
        Probe probe = probe(recordFiles, settings, err);
        Probe.Result result;
        try {
            result = probe.run(target);
        } catch (Probe.Refused e) {
            throw new UsageException(e.getMessage());
        } catch (Probe.DisableFailed e) {
            if (e.confirmedEnabled()) {
                throw new UsageException(e.getMessage());
            }
            err.println("cmkv probe: KEY VERSION MAY BE DISABLED: " + e.getMessage());
            return ExitCode.FAILED;
        }
        VerificationReport report = new VerificationReport(clock.instant(), result.verdict().window(),
                List.of(result.verdict()), InputStats.NONE);
        output.write(report, spec.commandLine().getOut());
        if (!result.restored()) {
            err.println("cmkv probe: KEY VERSION " + result.record().version() + " OF " + result.record().key()
                    + " IS STILL DISABLED: " + result.problem() + ". Run: cmkv probe --live --restore"
                    + (records == null ? "" : " --records " + records));
        }
        return ExitCode.of(report);
    }

    private Probe.Settings settings() {
        try {
            return new Probe.Settings(TimeArguments.duration("--max-outage", maxOutage), Probe.Settings.DEFAULT_POLL);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The resource, once every guard that needs no request has passed. */
    private ProtectedResource guardedTarget() {
        if (registry == null || resource == null) {
            throw new UsageException("the probe needs --registry FILE and --resource NAME (or --restore)");
        }
        Registry reg = RegistryReader.read(registry);
        ProtectedResource target = reg.find(resource).orElseThrow(() -> new UsageException(
                "--resource: no resource named '" + resource + "' in " + registry));
        List<String> refusals = ProbeGuards.refusals(reg, target, confirm);
        if (!refusals.isEmpty()) {
            throw new UsageException("probe refused, nothing was changed: " + String.join("; ", refusals));
        }
        return target;
    }

    private Probe probe(RestoreRecordFiles recordFiles, Probe.Settings settings, PrintWriter err) {
        KeyVaultVersionSwitch.keepUsableDuringShutdown();
        LiveSources sources = azure.get();
        return new Probe(sources.versionSwitch(), sources.auditLogs(), recordFiles, settings, clock, sleeper, hooks,
                line -> {
                    err.println("cmkv probe: " + line);
                    err.flush();
                });
    }

    private int restoreAll(RestoreRecordFiles recordFiles, PrintWriter err) {
        List<RestoreRecord> pending = recordFiles.all();
        if (pending.isEmpty()) {
            err.println("cmkv probe: no restore records, nothing to re-enable");
            return ExitCode.OK;
        }
        Probe probe = probe(recordFiles, new Probe.Settings(Duration.ofMinutes(1), Duration.ofMinutes(1)), err);
        List<String> failed = pending.stream().filter(r -> {
            String problem = probe.restore(r);
            err.println("cmkv probe: " + (problem == null ? "re-enabled and confirmed" : "COULD NOT RE-ENABLE ("
                    + problem + ")") + ": version " + r.version() + " of " + r.key() + " (probe of " + r.resource()
                    + " from " + r.disabledAt() + ")");
            return problem != null;
        }).map(RestoreRecord::version).collect(Collectors.toList());
        return failed.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
}
