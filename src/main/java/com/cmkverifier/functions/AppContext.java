package com.cmkverifier.functions;

import com.azure.data.tables.TableServiceClient;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.RunStore;
import com.cmkverifier.state.StorageClients;
import com.cmkverifier.state.SweepStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Everything the functions share, built once per process: settings, storage clients, stores, the queue and
 * the services. {@link #production()} builds it lazily on first use and keeps it; a failure (a bad setting)
 * is not kept, so each request reports it until the setting is fixed.
 */
public final class AppContext {

    private static final Object LOCK = new Object();
    private static volatile AppContext production;

    private final AppSettings settings;
    private final Verifications verifications;
    private final Resources resources;
    private final Sweeps sweeps;
    private final OpenApi openApi;
    private final Supplier<EvidenceSources> evidence;
    private final RegistryStore registry;
    private final RunStore runs;
    private final SweepStore sweepStore;
    private final JobQueue jobs;
    private final Clock clock;
    private volatile JobWorker worker;
    private volatile EvidenceSources evidenceSources;
    private final KeyVersions keyVersions;

    /**
     * @param evidence called once, on the first job or rotation-readiness request; other HTTP paths never need it
     */
    public AppContext(AppSettings settings, Clock clock, Supplier<EvidenceSources> evidence) {
        this.settings = settings;
        this.clock = clock;
        this.evidence = evidence;
        StorageClients storage = new StorageClients(settings.storage());
        TableServiceClient tables = storage.tables();
        registry = new RegistryStore(tables.getTableClient(settings.tablePrefix() + "registry"));
        runs = new RunStore(tables.getTableClient(settings.tablePrefix() + "runs"));
        sweepStore = new SweepStore(tables.getTableClient(settings.tablePrefix() + "sweeps"));
        jobs = new JobQueue(storage.queue(settings.jobsQueue()));
        verifications = new Verifications(registry, runs, jobs, clock, settings.runTimeout());
        resources = new Resources(registry);
        sweeps = new Sweeps(registry, sweepStore, jobs, clock, settings.window(), settings.shardSize());
        openApi = new OpenApi();
        keyVersions = new KeyVersions(registry, this::evidence, clock);
        settings.registrySeedFile().map(Path::of).ifPresent(resources::seed);
    }

    public static AppContext production() {
        AppContext app = production;
        if (app == null) {
            synchronized (LOCK) {
                app = production;
                if (app == null) {
                    AppSettings settings = AppSettings.fromEnvironment();
                    app = new AppContext(settings, Clock.systemUTC(), AppContext::liveEvidence);
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
    static EvidenceSources liveEvidence() {
        LiveSources live = LiveSources.create(LiveSettings.fromEnvironment(System.getenv()));
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

    public Verifications verifications() {
        return verifications;
    }

    public Resources resources() {
        return resources;
    }

    public Sweeps sweeps() {
        return sweeps;
    }

    public OpenApi openApi() {
        return openApi;
    }

    public KeyVersions keyVersions() {
        return keyVersions;
    }

    /** The evidence sources, built once on first need (a job, or a rotation-readiness request). */
    private EvidenceSources evidence() {
        EvidenceSources s = evidenceSources;
        if (s == null) {
            synchronized (this) {
                s = evidenceSources;
                if (s == null) {
                    s = evidence.get();
                    evidenceSources = s;
                }
            }
        }
        return s;
    }

    public JobWorker worker() {
        JobWorker w = worker;
        if (w == null) {
            synchronized (this) {
                w = worker;
                if (w == null) {
                    EvidenceSources sources = evidence();
                    VerificationService service = new VerificationService(sources.auditLogs(), sources.keyMetadata(),
                            new VerificationSettings(settings.expiryHorizon(), settings.rotationGrace()));
                    w = new JobWorker(new RunChecks(registry, runs, jobs, service, clock, settings.window(),
                            settings.recheckDelay()), new ShardChecks(registry, sweepStore, service));
                    worker = w;
                }
            }
        }
        return w;
    }
}
