package com.cmkverifier.cli;

import com.azure.core.credential.TokenCredential;
import com.cmkverifier.core.activity.ActivityReport;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.evidence.offline.auditlog.OfflineAuditLogSource;
import com.cmkverifier.output.ActivityOutput;
import com.cmkverifier.registry.RegistryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code cmkv activity}: who used which key how, for every key in the evidence, registered or not. */
@Command(name = "activity", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Report all key operations per vault, key, version, caller, operation and result.",
        footer = {"", "Exit codes: 0 complete, 3 a source answered partially or failed (see stderr), 2 usage, input"
                + " or environment error, 4 internal error (a bug)."})
final class ActivityCommand implements Callable<Integer> {

    enum Format { table, json, csv }

    private final Supplier<TokenCredential> credential;

    ActivityCommand() {
        // The Logs endpoint's cloud decides where to sign in (the public cloud by default).
        this(() -> LiveSources.defaultCredential(LiveSettings.fromEnvironment(System.getenv()).cloud()));
    }

    /** @param credential the Azure credential of {@code --live} */
    ActivityCommand(Supplier<TokenCredential> credential) {
        this.credential = credential;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--logs", paramLabel = "PATH", description = "Audit log export: file or directory; repeatable.")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--live", description = "Query Log Analytics with DefaultAzureCredential.")
    boolean live;

    @Option(names = "--workspace", paramLabel = "ID", description = "Log Analytics workspace id (with --live); repeatable.")
    List<String> workspaces = new ArrayList<>();

    @Option(names = "--registry", paramLabel = "FILE",
            description = "With --live: also query every workspace this registry names.")
    Path registry;

    @Option(names = "--at", paramLabel = "TIME", description = "End of the window (ISO-8601, default now).")
    String at;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "P1D", description = "Window length (default P1D).")
    String window;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, json or csv.")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        Instant end = at == null ? Instant.now() : TimeArguments.instant("--at", at);
        Window w = Window.ending(end, TimeArguments.duration("--window", window));
        AuditActivity activity = live ? liveActivity(w) : offlineActivity(w);
        for (SourceIssue issue : activity.issues()) {
            spec.commandLine().getErr().println("cmkv: warning: incomplete evidence: " + issue.message());
        }
        List<ActivityReport.Row> rows = ActivityReport.of(activity);
        String text = switch (format) {
            case table -> ActivityOutput.table(rows, w, activity.inputs());
            case json -> ActivityOutput.json(rows, w, activity.inputs());
            case csv -> ActivityOutput.csv(rows);
        };
        ReportFile.write(text, output, spec.commandLine().getOut());
        return activity.issues().isEmpty() ? ExitCode.OK : ExitCode.INCONCLUSIVE;
    }

    private AuditActivity offlineActivity(Window w) {
        if (logs.isEmpty()) {
            throw new UsageException("no evidence: give --logs PATH or --live --workspace ID");
        }
        if (!workspaces.isEmpty() || registry != null) {
            throw new UsageException("--workspace and --registry go with --live");
        }
        EvidenceOptions.requireExisting("--logs", logs);
        return new OfflineAuditLogSource(logs, FileProgress.forTerminal(spec.commandLine().getErr())).readAll(w);
    }

    private AuditActivity liveActivity(Window w) {
        if (!logs.isEmpty()) {
            throw new UsageException("--live and --logs exclude each other");
        }
        Set<String> ids = new TreeSet<>();
        for (String id : workspaces) {
            if (!RegistryReader.GUID.matcher(id).matches()) {
                throw new UsageException("--workspace: '" + id + "' is not a workspace id (GUID)");
            }
            ids.add(id.toLowerCase(Locale.ROOT));
        }
        if (registry != null) {
            RegistryReader.read(registry).resources().stream().map(ProtectedResource::workspaceId)
                    .filter(Objects::nonNull).forEach(ids::add);
        }
        if (ids.isEmpty()) {
            throw new UsageException("--live needs --workspace ID or a --registry whose entries name workspaces");
        }
        LiveSources azure = LiveSources.create(LiveSettings.fromEnvironment(System.getenv()), credential.get());
        azure.requireSignIn(Set.of(), true);
        return azure.auditLogs().readAll(ids, w);
    }
}
