package com.cmkverifier.cli;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rotation.RotationCheck;
import com.cmkverifier.core.rotation.RotationReport;
import com.cmkverifier.core.rotation.VersionState;
import com.cmkverifier.output.RotationOutput;
import com.cmkverifier.registry.RegistryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code cmkv versions}: rotation readiness of one key, "may I disable the old version?" (spec section 10). */
@Command(name = "versions", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per version of one key: configured resources, uses over the look-back, and whether it may be disabled.",
        footer = {"", "Exit codes: 0 every version's state is known, 3 some version is UNKNOWN (incomplete evidence),"
                + " 2 usage or input error."})
final class VersionsCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--key", order = 1, paramLabel = "URL", required = true,
            description = "Key URL, https://{vault}.vault.azure.net/keys/{name} (a version in it is ignored).")
    String key;

    @Option(names = "--since", order = 2, paramLabel = "DURATION", defaultValue = "P30D",
            description = "Look-back before --at (default P30D).")
    String since;

    @Option(names = "--registry", order = 3, paramLabel = "FILE",
            description = "Registry whose entries on the key are the configured resources (and name the workspace).")
    Path registry;

    @Option(names = "--workspace", order = 4, paramLabel = "ID",
            description = "With --live: the workspace holding the vault's audit logs (default: the registry's).")
    String workspace;

    @Mixin
    EvidenceOptions evidence;

    @Option(names = "--at", order = 20, paramLabel = "TIME", description = "End of the look-back (ISO-8601, default now).")
    String at;

    @Option(names = "--format", order = 22, paramLabel = "FORMAT", defaultValue = "table", description = "table or json.")
    Format format;

    @Option(names = "--output", order = 23, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        KeyReference ref;
        try {
            ref = KeyReference.parse(key);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--key: " + e.getMessage());
        }
        if (workspace != null && (!evidence.live || !RegistryReader.GUID.matcher(workspace).matches())) {
            throw new UsageException("--workspace: a workspace id (GUID), with --live");
        }
        Instant end = at == null ? Instant.now() : TimeArguments.instant("--at", at);
        Window lookBack = Window.ending(end, TimeArguments.duration("--since", since));
        Registry reg = registry == null ? new Registry(List.of()) : RegistryReader.read(registry);
        EvidenceOptions.Sources sources = evidence.open(spec.commandLine().getErr(), Set.of(ref.vaultHost()), true);
        RotationReport report = new RotationCheck(sources.logs(), sources.keys()).run(ref, lookBack, reg, workspace);
        String text = format == Format.json ? RotationOutput.json(report) : RotationOutput.table(report);
        ReportFile.write(text, output, spec.commandLine().getOut());
        return report.versions().stream().anyMatch(v -> v.state() == VersionState.UNKNOWN)
                ? ExitCode.INCONCLUSIVE : ExitCode.OK;
    }
}
