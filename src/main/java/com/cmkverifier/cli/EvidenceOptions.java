package com.cmkverifier.cli;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.activity.SkippedInput;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.ConfigurationSource;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.discovery.OfflineConfigurationSource;
import com.cmkverifier.discovery.live.LiveConfigurationSource;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.cloud.AzureCloud;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.evidence.live.QuotaGate;
import com.cmkverifier.evidence.live.SubscriptionCeiling;
import com.cmkverifier.evidence.live.ThrottledHttpClient;
import com.cmkverifier.evidence.offline.auditlog.OfflineAuditLogSource;
import com.cmkverifier.evidence.offline.keys.OfflineKeyMetadataSource;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Where evidence comes from: exported files ({@code --logs}, {@code --keys}) or live Azure ({@code --live}). */
final class EvidenceOptions {

    @Option(names = "--logs", order = 10, paramLabel = "PATH",
            description = "Audit log export: file or directory, read recursively; repeatable.")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--keys", order = 11, paramLabel = "PATH",
            description = "Key metadata export (Key Vault REST or az JSON): file or directory; repeatable.")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--resources", order = 13, paramLabel = "PATH",
            description = "Azure's configuration export (az graph query, ARM lists, diagnostic settings): adds the"
                    + " configuration findings; file or directory; repeatable.")
    List<Path> resources = new ArrayList<>();

    @Option(names = "--live", order = 12, description = "Read Key Vault and Log Analytics with DefaultAzureCredential.")
    boolean live;

    private final Function<AzureCloud, TokenCredential> credential;
    private final LiveWiring wiring;
    /** The exported audit logs, already being read ({@link #startReading}); null when not started. */
    private OfflineAuditLogSource reading;
    /** Its progress, shown once {@link #open} has said what it has to say. */
    private HeldProgress readingProgress;

    /** How {@code --live} reaches Azure from its settings and credential; tests aim it at local fakes. */
    interface LiveWiring {
        /**
         * Production: the JDK HTTP client to the hosts the settings and key URLs name, behind one quota gate; Key
         * Vault reads keep within their vaults' subscriptions' ceiling where Resource Graph names them.
         */
        LiveWiring AZURE = (settings, arm, signedIn) -> {
            QuotaGate gate = LiveSources.processGate();
            LiveDiscovery discovery = LiveDiscovery.production(arm, signedIn,
                    ThrottledHttpClient.resourceManager(new JdkHttpClientBuilder().build(), gate));
            return new Live(LiveSources.create(settings, signedIn, gate), new LiveConfigurationSource(discovery),
                    (keys, note) -> new SubscriptionCeiling(keys, gate, discovery::vaultSubscriptions, note));
        };

        Live wire(LiveSettings settings, URI armEndpoint, TokenCredential signedIn);
    }

    /**
     * The live evidence sources and Azure's configuration of the resources.
     *
     * @param keys wraps the Key Vault source, given where to say what it cannot count (the subscription ceiling)
     */
    record Live(LiveSources sources, ConfigurationSource configuration,
                BiFunction<KeyMetadataSource, Consumer<String>, KeyMetadataSource> keys) {

        Live(LiveSources sources, ConfigurationSource configuration) {
            this(sources, configuration, (k, note) -> k);
        }
    }

    EvidenceOptions() {
        this(cloud -> LiveSources.defaultCredential(cloud), LiveWiring.AZURE);
    }

    /** @param credential the Azure credential of {@code --live}, whatever the cloud */
    EvidenceOptions(Supplier<TokenCredential> credential) {
        this(credential, LiveWiring.AZURE);
    }

    EvidenceOptions(Supplier<TokenCredential> credential, LiveWiring wiring) {
        this(cloud -> credential.get(), wiring);
    }

    /** @param credential the Azure credential of {@code --live}, signing in at the given cloud's authority */
    private EvidenceOptions(Function<AzureCloud, TokenCredential> credential, LiveWiring wiring) {
        this.credential = credential;
        this.wiring = wiring;
    }

    /** The opened sources, and the key files' own input counts to add to the report. */
    record Sources(AuditLogSource logs, KeyMetadataSource keys, InputStats keyInputs, ConfigurationSource configuration) {

        VerificationReport withKeyInputs(VerificationReport r, UnaryOperator<String> displayPath) {
            InputStats a = r.inputs();
            List<SkippedInput> details = new ArrayList<>();
            for (SkippedInput s : a.skippedDetails()) {
                details.add(new SkippedInput(displayPath.apply(s.file()), s.line(), s.reason()));
            }
            for (SkippedInput s : keyInputs.skippedDetails()) {
                details.add(new SkippedInput(displayPath.apply(s.file()), s.line(), s.reason()));
            }
            return new VerificationReport(r.evaluatedAt(), r.window(), r.verdicts(), new InputStats(
                    a.files() + keyInputs.files(), a.records(), a.skipped() + keyInputs.skipped(), details));
        }
    }

    static EvidenceOptions offline(List<Path> logs, List<Path> keys, List<Path> resources) {
        EvidenceOptions o = new EvidenceOptions();
        o.logs = new ArrayList<>(logs);
        o.keys = new ArrayList<>(keys);
        o.resources = new ArrayList<>(resources);
        return o;
    }

    /**
     * Starts reading the exported audit logs of {@code window} at once, so that the registry and the key files are
     * read meanwhile; {@link #open} then hands out that source. Does nothing with {@code --live} or with inputs
     * that {@link #open} refuses, so that those are reported as ever.
     */
    void startReading(PrintWriter err, Window window) {
        if (!live && !logs.isEmpty() && logs.stream().allMatch(Files::exists)) {
            readingProgress = new HeldProgress(FileProgress.forTerminal(err));
            reading = new OfflineAuditLogSource(logs, readingProgress).startReading(window);
        }
    }

    /** @param targets the resources to verify: with {@code --live}, a token for each service they need comes first */
    Sources open(PrintWriter err, List<ProtectedResource> targets) {
        return open(err, targets.stream().map(r -> r.key().vaultHost()).collect(Collectors.toSet()),
                targets.stream().anyMatch(r -> r.workspaceId() != null && !r.workspaceId().isBlank()));
    }

    /**
     * @param vaultHosts the vaults whose keys are read, for the sign-in check before any work
     * @param queriesLogs whether Log Analytics is queried
     */
    Sources open(PrintWriter err, Set<String> vaultHosts, boolean queriesLogs) {
        if (live && (!logs.isEmpty() || !keys.isEmpty() || !resources.isEmpty())) {
            throw new UsageException("--live and --logs/--keys/--resources exclude each other");
        }
        if (live) {
            Map<String, String> env = System.getenv();
            LiveSettings settings = LiveSettings.fromEnvironment(env);
            boolean logsSet = isSet(env, LiveSettings.LOGS_ENDPOINT);
            URI arm = isSet(env, LiveDiscovery.ARM_ENDPOINT_SETTING) ? LiveDiscovery.armEndpoint(env) : null;
            // One cloud for everything, from the vault hosts: a token of one cloud is refused by the others.
            // Endpoints left unset follow that cloud.
            AzureCloud cloud = AzureCloud.of(vaultHosts, List.of(
                    AzureCloud.Setting.logs(LiveSettings.LOGS_ENDPOINT, logsSet ? settings.logsEndpoint() : null),
                    AzureCloud.Setting.arm(LiveDiscovery.ARM_ENDPOINT_SETTING, arm),
                    AzureCloud.Setting.authority(env.get(AzureCloud.AUTHORITY_HOST_SETTING))));
            TokenCredential signedIn = credential.apply(cloud);
            LiveSettings inCloud = logsSet ? settings : settings.inCloud(cloud);
            Live azure = wiring.wire(inCloud, arm == null ? cloud.armEndpoint() : arm, signedIn);
            azure.sources().requireSignIn(vaultHosts, queriesLogs);
            return new Sources(azure.sources().auditLogs(), azure.keys().apply(azure.sources().keyMetadata(),
                    note -> err.println("cmkv: " + note)), InputStats.NONE, azure.configuration());
        }
        if (logs.isEmpty() && keys.isEmpty()) {
            throw new UsageException("no evidence: give --logs PATH and --keys PATH (exported evidence) or --live");
        }
        requireExisting("--logs", logs);
        requireExisting("--keys", keys);
        if (logs.isEmpty()) {
            err.println("cmkv: note: no --logs given: no key use can be confirmed, verdicts will be INCONCLUSIVE");
        }
        if (keys.isEmpty()) {
            err.println("cmkv: note: no --keys given: key metadata rules cannot run, verdicts will be INCONCLUSIVE");
        }
        OfflineKeyMetadataSource keySource = OfflineKeyMetadataSource.read(keys);
        Sources sources = new Sources(reading != null ? reading
                : new OfflineAuditLogSource(logs, FileProgress.forTerminal(err)), keySource, keySource.stats(),
                configuration(err));
        if (readingProgress != null) {
            readingProgress.show();
        }
        return sources;
    }

    /** {@code --resources}: Azure's configuration beside the evidence, its unusable rows noted on stderr. */
    private ConfigurationSource configuration(PrintWriter err) {
        if (resources.isEmpty()) {
            return ConfigurationSource.NONE;
        }
        requireExisting("--resources", resources);
        OfflineConfigurationSource source = new OfflineConfigurationSource(resources);
        source.skipped().forEach(s -> err.println("cmkv: note: --resources: skipped " + s.where() + ": " + s.reason()));
        return source;
    }

    private static boolean isSet(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    static void requireExisting(String option, List<Path> paths) {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UsageException(option + ": no such file or directory: " + p);
            }
        }
    }
}
