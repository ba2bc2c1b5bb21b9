package com.cmkverifier.functions;

import com.azure.data.tables.TableServiceClient;
import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.BadSetting;
import com.cmkverifier.application.Conclusions;
import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.application.JobWorker;
import com.cmkverifier.application.Reaper;
import com.cmkverifier.application.Resources;
import com.cmkverifier.application.Sweeps;
import com.cmkverifier.application.VerdictSink;
import com.cmkverifier.application.Verifications;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.RunStore;
import com.cmkverifier.state.StorageClients;
import com.cmkverifier.state.SweepStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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
    private final OpenApi openApi = new OpenApi();
    private volatile JobWorker worker;

    /**
     * @param evidence called once, on the first job, so that HTTP paths never need the evidence sources
     * @throws BadSetting when the registry seed file cannot be used
     */
    public AppContext(AppSettings settings, Clock clock, Supplier<EvidenceSources> evidence) {
        this(settings.stores(), settings, null, clock, evidence);
        settings.registrySeedFile().map(Path::of).ifPresent(resources::seed);
    }

    private AppContext(AppSettings.Stores stores, AppSettings settings, BadSetting bad, Clock clock,
                       Supplier<EvidenceSources> evidence) {
        this.settings = settings;
        this.bad = bad;
        this.clock = clock;
        this.evidence = evidence;
        StorageClients storage = new StorageClients(stores.access());
        TableServiceClient tables = storage.tables();
        registry = new RegistryStore(tables.getTableClient(stores.tablePrefix() + "registry"));
        runs = new RunStore(tables.getTableClient(stores.tablePrefix() + "runs"));
        sweepStore = new SweepStore(tables.getTableClient(stores.tablePrefix() + "sweeps"));
        jobs = new JobQueue(storage.queue(stores.jobsQueue()));
        conclusions = new Conclusions(runs, sweepStore, clock);
        reaper = new Reaper(runs, sweepStore, jobs, clock);
        resources = new Resources(registry);
        verifications = settings == null ? null : new Verifications(registry, runs, jobs, clock, settings.runTimeout());
        sweeps = settings == null ? null
                : new Sweeps(registry, sweepStore, jobs, clock, settings.window(), settings.shardSize());
    }

    /**
     * A context for an app with a bad setting that can still reach its state: it serves nothing but ends the
     * work it is handed with the setting's message.
     */
    public static AppContext misconfigured(AppSettings.Stores stores, BadSetting bad, Clock clock) {
        return new AppContext(stores, null, bad, clock, null);
    }

    /** Reads the settings once; a bad one makes a {@link #misconfigured} context, or fails when storage is bad. */
    static AppContext of(Map<String, String> env, Clock clock) {
        try {
            AppSettings settings = AppSettings.from(env);
            return new AppContext(settings, clock, () -> liveEvidence(settings.live()));
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
     * {@code DefaultAzureCredential} ({@code AZURE_CLIENT_ID} selects the user-assigned identity).
     */
    static EvidenceSources liveEvidence(LiveSettings settings) {
        LiveSources live = LiveSources.create(settings);
        return new EvidenceSources() {
            @Override
            public AuditLogSource auditLogs() {
                return live.auditLogs();
            }

            @Override
            public KeyMetadataSource keyMetadata() {
                return live.keyMetadata();
            }
        };
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
    public JobWorker worker() {
        usable(this);
        JobWorker w = worker;
        if (w == null) {
            synchronized (this) {
                w = worker;
                if (w == null) {
                    EvidenceSources sources = evidence.get();
                    VerificationService service = new VerificationService(sources.auditLogs(), sources.keyMetadata(),
                            new VerificationSettings(settings.expiryHorizon(), settings.rotationGrace()));
                    w = new JobWorker(registry, runs, sweepStore, jobs, service, conclusions,
                            VerdictSink.TRACE_LINES, clock, settings.window(), settings.recheckDelay());
                    worker = w;
                }
            }
        }
        return w;
    }
}
