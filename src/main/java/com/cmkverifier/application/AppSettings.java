package com.cmkverifier.application;

import com.cmkverifier.discovery.live.DiscoveryScope;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.cloud.AzureCloud;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.QuotaSettings;
import com.cmkverifier.publish.loganalytics.IngestionSettings;
import com.cmkverifier.state.StorageAccess;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every application setting the function app reads, parsed and validated once at start, here and nowhere else
 * (the live evidence settings through {@link LiveSettings}, whose names these are). A bad value fails fast with
 * a {@link BadSetting} naming the setting. {@link #ALL} is the list that the infrastructure templates and
 * {@code local.settings.json.example} must match, name for name.
 */
public final class AppSettings {

    public static final String STORAGE = "AzureWebJobsStorage";
    public static final String WORKER_RUNTIME = "FUNCTIONS_WORKER_RUNTIME";
    public static final String SWEEP_SCHEDULE = "SWEEP_SCHEDULE";
    public static final String JOBS_QUEUE = "CMKV_JOBS_QUEUE";
    public static final String RUNS_QUEUE = "CMKV_RUNS_QUEUE";
    public static final String TABLE_PREFIX = "CMKV_TABLE_PREFIX";
    public static final String REGISTRY_SEED_FILE = "CMKV_REGISTRY_SEED_FILE";
    public static final String RUN_TIMEOUT = "CMKV_RUN_TIMEOUT";
    public static final String RECHECK_DELAY = "CMKV_RECHECK_DELAY";
    public static final String WINDOW = "CMKV_WINDOW";
    public static final String EXPIRY_HORIZON = "CMKV_EXPIRY_HORIZON";
    public static final String ROTATION_GRACE = "CMKV_ROTATION_GRACE";
    public static final String SHARD_SIZE = "CMKV_SHARD_SIZE";
    public static final String LOGS_ENDPOINT = LiveSettings.LOGS_ENDPOINT;
    public static final String LOGS_QUERY_TIMEOUT = LiveSettings.LOGS_QUERY_TIMEOUT;
    public static final String KEYVAULT_TIMEOUT = LiveSettings.KEYVAULT_TIMEOUT;
    public static final String LOGS_BATCH_SIZE = LiveSettings.LOGS_BATCH_SIZE;
    public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    public static final String MAX_CONCURRENCY = LiveSettings.MAX_CONCURRENCY;
    public static final String VAULT_LIMIT = QuotaSettings.VAULT_LIMIT;
    public static final String VAULT_BUDGET_PERCENT = QuotaSettings.VAULT_BUDGET_PERCENT;
    public static final String MAX_RETRIES = LiveSettings.MAX_RETRIES;
    public static final String HISTORY_ENDPOINT = IngestionSettings.ENDPOINT;
    public static final String HISTORY_RULE_ID = IngestionSettings.RULE_ID;
    public static final String HISTORY_STREAM = IngestionSettings.STREAM;
    public static final String DISCOVERY_SCHEDULE = "DISCOVERY_SCHEDULE";
    public static final String RETENTION = "CMKV_RETENTION";
    public static final String DISCOVERY_SCOPE = "CMKV_DISCOVERY_SCOPE";
    public static final String ARM_ENDPOINT = LiveDiscovery.ARM_ENDPOINT_SETTING;
    public static final String AUTH_MODE = ApiAuthentication.MODE;
    public static final String FUNCTION_KEY = ApiAuthentication.FUNCTION_KEY;

    /** Identity-based storage connection (Functions' "__" convention), used in Azure instead of {@link #STORAGE}. */
    public static final String STORAGE_ACCOUNT_NAME = "AzureWebJobsStorage__accountName";
    public static final String STORAGE_CREDENTIAL = "AzureWebJobsStorage__credential";
    public static final String STORAGE_CLIENT_ID = "AzureWebJobsStorage__clientId";

    public static final List<String> ALL = List.of(STORAGE, WORKER_RUNTIME, SWEEP_SCHEDULE, JOBS_QUEUE, TABLE_PREFIX,
            REGISTRY_SEED_FILE, RUN_TIMEOUT, RECHECK_DELAY, WINDOW, EXPIRY_HORIZON, ROTATION_GRACE, SHARD_SIZE,
            LOGS_ENDPOINT, LOGS_QUERY_TIMEOUT, KEYVAULT_TIMEOUT, LOGS_BATCH_SIZE, AZURE_CLIENT_ID, MAX_CONCURRENCY,
            MAX_RETRIES, HISTORY_ENDPOINT, HISTORY_RULE_ID, HISTORY_STREAM, DISCOVERY_SCHEDULE, DISCOVERY_SCOPE,
            ARM_ENDPOINT, RETENTION, RUNS_QUEUE, AUTH_MODE, FUNCTION_KEY, VAULT_LIMIT, VAULT_BUDGET_PERCENT);

    /** Read only when {@link #STORAGE} holds no connection string: the alternative that Azure deployments use. */
    public static final List<String> STORAGE_IDENTITY = List.of(STORAGE_ACCOUNT_NAME, STORAGE_CREDENTIAL,
            STORAGE_CLIENT_ID);

    /** The longest run a caller may ask for: beyond it Logic Apps' own polling gives up anyway. */
    public static final Duration MAX_RUN_TIMEOUT = Duration.ofHours(6);
    /** Audit records land minutes after the call: re-checking sooner only spends Log Analytics queries. */
    public static final Duration MIN_RECHECK_DELAY = Duration.ofMinutes(1);
    /**
     * A shard row lists its members' names (up to 81 characters each with the separator), and the sweep writes
     * 100 shard rows per entity-group transaction, whose payload Table Storage caps at 4 MiB
     * (learn.microsoft.com, "Performing entity group transactions"): 100 x 500 x 81 characters is 4.05 MB
     * (3.9 MiB) at most, within the cap and far within the 1 MiB entity limit per shard.
     */
    public static final int MAX_SHARD_SIZE = 500;
    /** How long finished runs, sweeps and discoveries are kept unless {@link #RETENTION} says otherwise. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private static final Pattern TABLE_PREFIX_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,40}");
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,55}");
    private static final Pattern STORAGE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

    private final Map<String, String> env;
    private final Stores stores;
    private final Duration runTimeout;
    private final Duration recheckDelay;
    private final Duration window;
    private final Duration expiryHorizon;
    private final Duration rotationGrace;
    private final int shardSize;
    private final LiveSettings live;
    private final QuotaSettings quotas;
    private final Optional<IngestionSettings> history;
    private final DiscoveryScope discoveryScope;
    private final URI armEndpoint;
    private final String sweepSchedule;
    private final Duration retention;
    private final ExecutionBudget budget;
    private final ApiAuthentication apiAuthentication;

    /**
     * Where the app keeps its state: all it needs to record that a run ended, even when another setting is bad.
     *
     * @param tablePrefix prefix of the table names
     * @param jobsQueue   the jobs queue's name: sweep shards and discoveries
     * @param runsQueue   the on-demand runs' own queue, so that a change pipeline never waits behind a sweep
     */
    public record Stores(StorageAccess access, String tablePrefix, String jobsQueue, String runsQueue) {
    }

    /** @param immediateRechecks queue re-checks at once, whatever {@link #RECHECK_DELAY} says */
    private AppSettings(Map<String, String> env, Duration functionTimeout, boolean immediateRechecks) {
        this.env = Map.copyOf(env);
        stores = stores(this.env);
        runTimeout = duration(RUN_TIMEOUT, "PT30M", Duration.ofMinutes(1), MAX_RUN_TIMEOUT);
        Duration delay = duration(RECHECK_DELAY, "PT5M", MIN_RECHECK_DELAY, Duration.ofHours(1));
        recheckDelay = immediateRechecks ? Duration.ZERO : delay;
        window = duration(WINDOW, "P1D", Duration.ofMinutes(1), Duration.ofDays(90));
        expiryHorizon = duration(EXPIRY_HORIZON, "P30D", Duration.ZERO, Duration.ofDays(3650));
        rotationGrace = duration(ROTATION_GRACE, "PT24H", Duration.ZERO, Duration.ofDays(365));
        shardSize = integer(SHARD_SIZE, 200, 1, MAX_SHARD_SIZE);
        retention = duration(RETENTION, "P30D", Duration.ofDays(3), Duration.ofDays(3650));
        sweepSchedule = TimerSchedule.check(SWEEP_SCHEDULE, Optional.ofNullable(value(SWEEP_SCHEDULE)).orElse("0 0 2 * * *"));
        // Read by the host itself (%DISCOVERY_SCHEDULE%); checked here so that a bad one is named at start.
        TimerSchedule.check(DISCOVERY_SCHEDULE, Optional.ofNullable(value(DISCOVERY_SCHEDULE)).orElse("0 0 1 * * *"));
        discoveryScope = discoveryScope(value(DISCOVERY_SCOPE));
        apiAuthentication = ApiAuthentication.fromEnvironment(this.env);
        try {
            live = LiveSettings.fromEnvironment(this.env);
            quotas = QuotaSettings.fromEnvironment(this.env);
            history = IngestionSettings.fromEnvironment(this.env, live.maxRetries());
            armEndpoint = LiveDiscovery.armEndpoint(this.env);
        } catch (IllegalArgumentException e) {
            throw new BadSetting("setting " + e.getMessage());
        }
        budget = ExecutionBudget.of(live, functionTimeout);
        budget.requireFits();
    }

    /**
     * Reads and validates the settings.
     *
     * @throws BadSetting naming the first setting that is missing or invalid
     */
    public static AppSettings from(Map<String, String> env) {
        return new AppSettings(env, ExecutionBudget.shippedFunctionTimeout(), false);
    }

    /** As {@link #from(Map)}, for a host whose host.json sets {@code functionTimeout}. */
    public static AppSettings from(Map<String, String> env, Duration functionTimeout) {
        return new AppSettings(env, functionTimeout, false);
    }

    public static AppSettings fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * Reads only where the state is, for an app whose other settings are bad: it can still end runs and shards
     * with the bad setting as reason, so that none stays pending for ever.
     *
     * @throws BadSetting when the state itself cannot be reached
     */
    public static Stores stores(Map<String, String> env) {
        String shape = "3-56 lower-case letters, digits and single hyphens";
        String jobs = matching(env, JOBS_QUEUE, "cmkv-jobs", QUEUE_NAME, shape);
        String runs = matching(env, RUNS_QUEUE, "cmkv-runs", QUEUE_NAME, shape);
        if (runs.equals(jobs)) {
            throw new BadSetting("setting " + RUNS_QUEUE + " must differ from " + JOBS_QUEUE
                    + ": on-demand runs must not wait behind sweep shards");
        }
        return new Stores(storageAccess(env),
                matching(env, TABLE_PREFIX, "cmkv", TABLE_PREFIX_PATTERN, "a letter then up to 40 letters or digits"),
                jobs, runs);
    }

    /** How to reach Table and Queue storage: a connection string, or an account name and an identity. */
    private static StorageAccess storageAccess(Map<String, String> env) {
        String connection = value(env, STORAGE);
        if (connection != null) {
            return new StorageAccess.ConnectionString(connection);
        }
        String account = value(env, STORAGE_ACCOUNT_NAME);
        if (account == null) {
            throw new BadSetting("setting " + STORAGE + " (a connection string) or "
                    + STORAGE_ACCOUNT_NAME + " (identity-based) is required");
        }
        if (!STORAGE_ACCOUNT.matcher(account).matches()) {
            throw new BadSetting("setting " + STORAGE_ACCOUNT_NAME
                    + " must be a storage account name: 3-24 lower-case letters and digits");
        }
        boolean managed = "managedidentity".equalsIgnoreCase(value(env, STORAGE_CREDENTIAL));
        String clientId = managed && value(env, STORAGE_CLIENT_ID) != null ? value(env, STORAGE_CLIENT_ID)
                : value(env, AZURE_CLIENT_ID);
        // The storage account is in the cloud that the other endpoints name (the public one when none is set).
        AzureCloud cloud = cloud(env);
        return new StorageAccess.Identity(account, clientId, cloud.storageEndpoint(account, "table"),
                cloud.storageEndpoint(account, "queue"), cloud.authorityHost());
    }

    /**
     * The Azure cloud that the Logs and Resource Manager endpoints name, the public one when neither is set. They
     * must name the same one: a token of one cloud is refused by the others.
     *
     * @throws BadSetting naming the settings of different clouds
     */
    static AzureCloud cloud(Map<String, String> env) {
        try {
            return AzureCloud.of(Set.of(), List.of(AzureCloud.Setting.logs(LOGS_ENDPOINT, uri(env, LOGS_ENDPOINT)),
                    AzureCloud.Setting.arm(ARM_ENDPOINT, uri(env, ARM_ENDPOINT))));
        } catch (IllegalArgumentException e) {
            throw new BadSetting("settings: " + e.getMessage());
        }
    }

    /** The setting as a URL, or null when unset or not one (its own validation names it then). */
    private static URI uri(Map<String, String> env, String name) {
        String v = value(env, name);
        try {
            return v == null ? null : URI.create(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Stores stores() {
        return stores;
    }

    public StorageAccess storage() {
        return stores.access();
    }

    /** How much of Azure's quotas the app's instances allow themselves together. */
    public QuotaSettings quotas() {
        return quotas;
    }

    /** How the live evidence sources talk to Azure. */
    public LiveSettings live() {
        return live;
    }

    /** The verdict history's endpoint and rule, or empty when {@link #HISTORY_ENDPOINT} is not set. */
    public Optional<IngestionSettings> history() {
        return history;
    }

    public String sweepSchedule() {
        return sweepSchedule;
    }

    /** How long finished runs, sweeps and discoveries are kept before the reaper purges them. */
    public Duration retention() {
        return retention;
    }

    /** What one execution may spend; checked at start to fit host.json's functionTimeout. */
    public ExecutionBudget budget() {
        return budget;
    }

    /** Where discovery looks: subscriptions, or one management group; empty: all the app's identity can read. */
    public DiscoveryScope discoveryScope() {
        return discoveryScope;
    }

    /** The Azure cloud of the endpoints, whose authority every credential of the app signs in at. */
    public AzureCloud cloud() {
        return cloud(env);
    }

    /** The Resource Manager endpoint that discovery reads (public cloud unless {@link #ARM_ENDPOINT} says another). */
    public URI armEndpoint() {
        return armEndpoint;
    }

    /** How the HTTP API knows its callers. */
    public ApiAuthentication apiAuthentication() {
        return apiAuthentication;
    }

    /**
     * Who the app itself is when it writes the registry (discovery, the seed file): its managed identity's
     * client id ({@link #AZURE_CLIENT_ID}), or the system-assigned identity when none is named.
     */
    public String appIdentity() {
        return "app:" + Optional.ofNullable(value(AZURE_CLIENT_ID)).orElse("system-assigned");
    }

    public String jobsQueue() {
        return stores.jobsQueue();
    }

    public String runsQueue() {
        return stores.runsQueue();
    }

    public String tablePrefix() {
        return stores.tablePrefix();
    }

    public Optional<String> registrySeedFile() {
        return Optional.ofNullable(value(REGISTRY_SEED_FILE));
    }

    public Duration runTimeout() {
        return runTimeout;
    }

    public Duration recheckDelay() {
        return recheckDelay;
    }

    /**
     * These settings with re-checks queued at once, below {@link #MIN_RECHECK_DELAY}: only for a test harness
     * whose clock moves by hand while the queue's visibility delays run on real time.
     */
    public AppSettings withoutRecheckDelay() {
        return new AppSettings(env, budget.functionTimeout(), true);
    }

    public Duration window() {
        return window;
    }

    public Duration expiryHorizon() {
        return expiryHorizon;
    }

    public Duration rotationGrace() {
        return rotationGrace;
    }

    public int shardSize() {
        return shardSize;
    }

    private String value(String name) {
        return value(env, name);
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static DiscoveryScope discoveryScope(String v) {
        if (v == null) {
            return new DiscoveryScope(List.of(), List.of());
        }
        String shape = "comma-separated subscription ids, or one /providers/Microsoft.Management/managementGroups/NAME";
        DiscoveryScope scope;
        try {
            // -1: an empty item (a stray comma) is an error, not silently dropped.
            scope = DiscoveryScope.parse(Arrays.asList(v.split(",", -1)));
        } catch (IllegalArgumentException e) {
            throw new BadSetting("setting " + DISCOVERY_SCOPE + " must be " + shape);
        }
        if (scope.managementGroups().size() > 1 || !scope.managementGroups().isEmpty() && !scope.subscriptions().isEmpty()) {
            throw new BadSetting("setting " + DISCOVERY_SCOPE + " must be " + shape + " (not both, not several groups)");
        }
        return scope;
    }

    private static String matching(Map<String, String> env, String name, String fallback, Pattern pattern,
                                   String shape) {
        String v = Optional.ofNullable(value(env, name)).orElse(fallback);
        if (!pattern.matcher(v).matches()) {
            throw new BadSetting("setting " + name + " must be " + shape);
        }
        return v;
    }

    private Duration duration(String name, String fallback, Duration min, Duration max) {
        String v = Optional.ofNullable(value(name)).orElse(fallback);
        Duration d;
        try {
            d = Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadSetting("setting " + name + " must be an ISO-8601 duration like " + fallback);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new BadSetting("setting " + name + " must be between " + min + " and " + max);
        }
        return d;
    }

    private int integer(String name, int fallback, int min, int max) {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new BadSetting("setting " + name + " must be a whole number from " + min + " to " + max);
    }
}
