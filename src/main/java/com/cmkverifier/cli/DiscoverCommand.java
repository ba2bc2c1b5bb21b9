package com.cmkverifier.cli;

import com.cmkverifier.discovery.DescriptionFiles;
import com.cmkverifier.discovery.Discovery;
import com.cmkverifier.discovery.DiscoveryReport;
import com.cmkverifier.discovery.RegistryFiles;
import com.cmkverifier.discovery.live.DiscoveryFailedException;
import com.cmkverifier.discovery.live.DiscoveryScope;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.cloud.AzureCloud;
import com.cmkverifier.evidence.live.LiveSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cmkv discover}: registry entries from Azure's own description (spec section 9). */
@Command(name = "discover", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write registry entries for every resource configured with a customer-managed key.")
final class DiscoverCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--resources", order = 1, paramLabel = "PATH",
            description = "Azure's description: az graph query / ARM list / array / object JSON, diagnostic settings,"
                    + " SQL protectors; file or directory; repeatable.")
    List<Path> resources = new ArrayList<>();

    @Option(names = "--live", order = 2, description = "Read Resource Graph and ARM with DefaultAzureCredential.")
    boolean live;

    @Option(names = "--scope", order = 3, paramLabel = "SCOPE",
            description = "With --live: a subscription id or /providers/Microsoft.Management/managementGroups/NAME;"
                    + " repeatable (default: everything the credential can read).")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--registry", order = 4, paramLabel = "FILE", description = "Existing registry to merge into.")
    Path registry;

    @Option(names = "--output", order = 5, paramLabel = "FILE", required = true,
            description = "Where to write the registry (may be the --registry file).")
    Path output;

    @Option(names = "--format", order = 6, paramLabel = "FORMAT", defaultValue = "table",
            description = "Report on stdout: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        if (live == !resources.isEmpty()) {
            throw new UsageException("give either --resources PATH (exported description) or --live");
        }
        if (!live && !scopes.isEmpty()) {
            throw new UsageException("--scope needs --live");
        }
        EvidenceOptions.requireExisting("--resources", resources);
        Discovery.Result result;
        try {
            result = RegistryFiles.discoverInto(registry, output, () -> live
                    ? liveDiscovery().describe(DiscoveryScope.parse(scopes))
                    : DescriptionFiles.read(resources), Instant.now());
        } catch (DiscoveryFailedException e) {
            throw new UsageException("discovery incomplete, " + output + " left unchanged: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UsageException("--output: " + e.getMessage());
        }
        spec.commandLine().getOut().print(format == Format.json ? DiscoveryReport.json(result)
                : DiscoveryReport.table(result));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    /** Resource Graph at {@code CMKV_ARM_ENDPOINT}, signed in at the authority of that endpoint's cloud. */
    static LiveDiscovery liveDiscovery() {
        URI arm = LiveDiscovery.armEndpoint(System.getenv());
        AzureCloud cloud = AzureCloud.ofArmHost(arm.getHost()).orElse(AzureCloud.PUBLIC);
        return LiveDiscovery.production(arm, LiveSources.defaultCredential(cloud));
    }
}
