package com.cmkverifier.functions;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.data.tables.TableServiceClient;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.BadSetting;
import com.cmkverifier.application.Conclusions;
import com.cmkverifier.application.Discoveries;
import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.application.JobWorker;
import com.cmkverifier.application.OutcomeStanding;
import com.cmkverifier.application.Reaper;
import com.cmkverifier.application.Resources;
import com.cmkverifier.application.Sweeps;
import com.cmkverifier.application.VerdictHistory;
import com.cmkverifier.application.VerdictSink;
import com.cmkverifier.application.Verifications;
import com.cmkverifier.application.events.EventIntake;
import com.cmkverifier.application.events.Rotations;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.evidence.live.QuotaGate;
import com.cmkverifier.evidence.live.SubscriptionCeiling;
import com.cmkverifier.evidence.live.ThrottledHttpClient;
import com.cmkverifier.publish.loganalytics.IngestionSettings;
import com.cmkverifier.application.history.LogAnalyticsHistory;
import com.cmkverifier.publish.loganalytics.LogsIngestion;
import com.cmkverifier.state.DiscoveryStore;
import com.cmkverifier.state.EventClaims;
import com.cmkverifier.state.HistoryOutbox;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.RejectedEvents;
import com.cmkverifier.state.RotationStore;
import com.cmkverifier.state.RunStore;
import com.cmkverifier.state.StorageClients;
import com.cmkverifier.state.SweepStore;
import com.cmkverifier.state.TableQuotaStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Everything the functions share, built once per process from settings read once: storage clients, stores,
 * the queue and the services. When a setting is bad but the state can still be reached, the context is
 * {@linkplain #misconfigured misconfigured}: every function fails with the setting's message, and the worker
 * ends each run and shard it is handed INCONCLUSIVE with that message, so none stays pending for ever.
 */
public final class AppContext {

    private static final Object LOCK = new Object();
    private static volatile AppContext production;

    private final AppSettings settings;
    private final BadSetting bad;
    private final Clock clock;
    private final Supplier<EvidenceSources> evidence;
    private final RegistryStore registry;
    private final RunStore runs;
    private final SweepStore sweepStore;
    private final JobQueue jobs;
    private final Conclusions conclusions;
    private final Reaper reaper;
    private final Verifications verifications;
    private final Resources resources;
    private final Sweeps sweeps;
    private final Discoveries discoveries;
    private final OpenApi openApi = new OpenApi();
    private final VerdictHistory history;
    private final VerdictSink sink;
    private volatile JobWorker worker;
    private final Supplier<LiveDiscovery> discovery;
    private final KeyVersions keyVersions;
    private final Rotations rotations;
    private final EventIntake events;
    private final Access access;

    /**
     * @param evidence called once, on the first job or rotation-readiness request; other HTTP paths never need it
     * @throws BadSetting when the registry seed file cannot be used
     */
    public AppContext(AppSettings settings, Clock clock, Supplier<EvidenceSources> evidence) {
        this(settings, clock, evidence, AppContext::monitorIngestion);
    }

    /** @param ingestion the Logs Ingestion client for the history's settings, when the history is on */
    public AppContext(AppSettings settings, Clock clock, Supplier<EvidenceSources> evidence,
                      Function<IngestionSettings, LogsIngestion> ingestion) {
        this(settings, clock, evidence, ingestion,
                () -> LiveDiscovery.production(settings.armEndpoint(),
                        LiveSources.defaultCredential(settings.cloud())));
    }

    /** @param discovery called once, on the first discovery job: reads Resource Graph and ARM */
    public AppContext(AppSettings settings, Clock clock, Supplier<EvidenceSources> evidence,
                      Function<IngestionSettings, LogsIngestion> ingestion, Supplier<LiveDiscovery> discovery) {
        this(settings.stores(), settings, null, clock, evidence, ingestion, discovery);
        settings.registrySeedFile().map(Path::of).ifPresent(resources::seed);
    }

    private AppContext(AppSettings.Stores stores, AppSettings settings, BadSetting bad, Clock clock,
                       Supplier<EvidenceSources> evidence, Function<IngestionSettings, LogsIngestion> ingestion,
                       Supplier<LiveDiscovery> discovery) {
        this.settings = settings;
        this.bad = bad;
        this.clock = clock;
        this.evidence = once(evidence);
        this.discovery = once(discovery);
        StorageClients storage = new StorageClients(stores.access());
        TableServiceClient tables = storage.tables();
        registry = new RegistryStore(tables.getTableClient(stores.tablePrefix() + "registry"));
        runs = new RunStore(tables.getTableClient(stores.tablePrefix() + "runs"));
        sweepStore = new SweepStore(tables.getTableClient(stores.tablePrefix() + "sweeps"));
        jobs = new JobQueue(storage.queue(stores.jobsQueue()), storage.queue(stores.runsQueue()));
        DiscoveryStore discoveryStore = new DiscoveryStore(tables.getTableClient(stores.tablePrefix() + "discoveries"));
        // The history (when configured) is kept even by a misconfigured app: its endings are final outcomes too.
        history = settings == null ? VerdictHistory.NONE : settings.history().<VerdictHistory>map(s ->
                new LogAnalyticsHistory(new HistoryOutbox(tables.getTableClient(stores.tablePrefix() + "history"),
                        tables.getTableClient(stores.tablePrefix() + "historydead")), ingestion.apply(s),
                        new OutcomeStanding(runs), clock)).orElse(VerdictHistory.NONE);
        sink = new VerdictSink(history, registry);
        conclusions = new Conclusions(runs, sweepStore, discoveryStore, sink, clock);
        reaper = settings == null ? null
                : new Reaper(runs, sweepStore, discoveryStore, jobs, clock, settings.retention(), sink);
        String appIdentity = settings == null ? "app" : settings.appIdentity();
        resources = new Resources(registry, clock, appIdentity);
        keyVersions = new KeyVersions(registry, this::evidence, clock);
        access = settings == null ? null : new Access(settings.apiAuthentication());
        verifications = settings == null ? null
                : new Verifications(registry, runs, jobs, clock, settings.runTimeout(), sink);
        sweeps = settings == null ? null
                : new Sweeps(registry, sweepStore, jobs, clock, settings.window(), settings.shardSize());
        discoveries = settings == null ? null : new Discoveries(registry, discoveryStore, jobs, clock,
                settings.discoveryScope(), scope -> liveDiscovery().describe(scope), appIdentity);
        rotations = settings == null ? null : new Rotations(
                new RotationStore(tables.getTableClient(stores.tablePrefix() + "rotations")), registry, this::evidence,
                sink, clock, settings.expiryHorizon());
        boolean discoveryScoped = settings != null && (!settings.discoveryScope().subscriptions().isEmpty()
                || !settings.discoveryScope().managementGroups().isEmpty());
        events = settings == null ? null : new EventIntake(registry, verifications, discoveryScoped ? discoveries : null,
                new EventClaims(tables.getTableClient(stores.tablePrefix() + "eventclaims")),
                new RejectedEvents(tables.getTableClient(stores.tablePrefix() + "rejectedevents")), rotations, clock);
    }

    /**
     * A context for an app with a bad setting that can still reach its state: it serves nothing but ends the
     * work it is handed with the setting's message.
     */
    public static AppContext misconfigured(AppSettings.Stores stores, BadSetting bad, Clock clock) {
        return new AppContext(stores, null, bad, clock, null, null, null);
    }

    /** Reads the settings once; a bad one makes a {@link #misconfigured} context, or fails when storage is bad. */
    static AppContext of(Map<String, String> env, Clock clock) {
        try {
            AppSettings settings = AppSettings.from(env);
            // One gate and one discovery client per process: Key Vault, Log Analytics and Resource Graph share them.
            Supplier<QuotaGate> quotas = once(() -> sharedQuotas(settings, clock));
            Supplier<LiveDiscovery> discovery = once(() -> LiveDiscovery.production(settings.armEndpoint(),
                    LiveSources.defaultCredential(settings.cloud()),
                    ThrottledHttpClient.resourceManager(new JdkHttpClientBuilder().build(), quotas.get())));
            return new AppContext(settings, clock, () -> liveEvidence(settings.live(), quotas.get(),
                    names -> discovery.get().vaultSubscriptions(names)), AppContext::monitorIngestion, discovery);
        } catch (BadSetting e) {
            return misconfigured(AppSettings.stores(env), e, clock);
        }
    }

    public static AppContext production() {
        AppContext app = production;
        if (app == null) {
            synchronized (LOCK) {
                app = production;
                if (app == null) {
                    app = of(System.getenv(), Clock.systemUTC());
                    production = app;
                }
            }
        }
        return app;
    }

    /**
     * The single place where production chooses its evidence sources: Key Vault and Log Analytics, through
     * {@code DefaultAzureCredential} ({@code AZURE_CLIENT_ID} selects the user-assigned identity); Key Vault reads
     * keep within their vaults' subscriptions' ceiling as far as {@code vaultSubscriptions} names them.
     */
    static EvidenceSources liveEvidence(LiveSettings settings, QuotaGate quotas,
                                        SubscriptionCeiling.VaultSubscriptions vaultSubscriptions) {
        LiveSources live = LiveSources.create(settings, LiveSources.defaultCredential(settings.cloud()),
                new JdkHttpClientBuilder().build(), VaultEndpoints.DIRECT, quotas);
        return evidenceOf(live.auditLogs(), new SubscriptionCeiling(live.keyMetadata(), quotas, vaultSubscriptions,
                Logger.getLogger(AppContext.class.getName())::warning));
    }

    /** {@code make}, called on first need and at most once however many threads ask; its result is kept. */
    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T made;

            @Override
            public synchronized T get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    /** The worker's evidence: the live sources' two ports. */
    static EvidenceSources evidenceOf(LiveSources live) {
        return evidenceOf(live.auditLogs(), live.keyMetadata());
    }

    static EvidenceSources evidenceOf(AuditLogSource logs, KeyMetadataSource keys) {
        return new EvidenceSources() {
            @Override
            public AuditLogSource auditLogs() {
                return logs;
            }

            @Override
            public KeyMetadataSource keyMetadata() {
                return keys;
            }
        };
    }

    /**
     * The quotas every instance of the app shares, counted in the {@code quota} table: however many instances
     * Flex Consumption runs, together they stay within each vault's budget and the identity's query limits.
     */
    static QuotaGate sharedQuotas(AppSettings settings, Clock clock) {
        return new QuotaGate(new TableQuotaStore(new StorageClients(settings.stores().access()).tables()
                .getTableClient(settings.tablePrefix() + "quota")), settings.quotas(), clock);
    }

    /** Production's Logs Ingestion client: the app identity through {@code DefaultAzureCredential}. */
    static LogsIngestion monitorIngestion(IngestionSettings settings) {
        return new LogsIngestion(settings, new DefaultAzureCredentialBuilder().build(), new JdkHttpClientBuilder().build());
    }

    /** The verdict history (Log Analytics), or {@link VerdictHistory#NONE} when it is not configured. */
    public VerdictHistory history() {
        return usable(history);
    }

    /** The setting that makes this app unusable, if any. */
    public Optional<BadSetting> badSetting() {
        return Optional.ofNullable(bad);
    }

    public Verifications verifications() {
        return usable(verifications);
    }

    public Resources resources() {
        return usable(resources);
    }

    public Sweeps sweeps() {
        return usable(sweeps);
    }

    public Discoveries discoveries() {
        return usable(discoveries);
    }

    /** What Event Grid events start (resource writes, new key versions, expiring keys). */
    public EventIntake events() {
        return usable(events);
    }

    /** The rotation follow-ups opened by new key versions. */
    public Rotations rotations() {
        return usable(rotations);
    }

    /** Who may call which route; a misconfigured app lets no one in. */
    Access access() {
        return usable(access);
    }

    public OpenApi openApi() {
        return openApi;
    }

    public Conclusions conclusions() {
        return conclusions;
    }

    public Reaper reaper() {
        return usable(reaper);
    }

    private <T> T usable(T service) {
        if (bad != null) {
            throw bad;
        }
        return service;
    }

    /** The worker, built on the first job; a misconfigured app has none: it ends jobs through {@link #conclusions()}. */
    public KeyVersions keyVersions() {
        return usable(keyVersions);
    }

    /** The evidence sources, built once on first need (a job, or a rotation-readiness request). */
    private EvidenceSources evidence() {
        return evidence.get();
    }

    /** Live discovery, built once on the first discovery job. */
    private LiveDiscovery liveDiscovery() {
        return discovery.get();
    }

    public JobWorker worker() {
        usable(this);
        JobWorker w = worker;
        if (w == null) {
            synchronized (this) {
                w = worker;
                if (w == null) {
                    EvidenceSources sources = evidence();
                    VerificationService service = new VerificationService(sources.auditLogs(), sources.keyMetadata(),
                            new VerificationSettings(settings.expiryHorizon(), settings.rotationGrace()));
                    w = new JobWorker(registry, runs, sweepStore, jobs, service, conclusions,
                            sink, clock, settings.window(), settings.recheckDelay(), discoveries, settings.budget());
                    worker = w;
                }
            }
        }
        return w;
    }
}
