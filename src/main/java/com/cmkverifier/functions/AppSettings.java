package com.cmkverifier.functions;

import com.cmkverifier.publish.loganalytics.IngestionSettings;
import com.cmkverifier.state.StorageAccess;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every application setting the function app reads, parsed and validated once at start. A bad value fails
 * fast with a message naming the setting. The Log Analytics and Key Vault settings are validated by the live
 * evidence sources, which read them from the same environment. {@link #ALL} is the list that the infrastructure templates and
 * {@code local.settings.json.example} must match, name for name.
 */
public final class AppSettings {

    public static final String STORAGE = "AzureWebJobsStorage";
    public static final String WORKER_RUNTIME = "FUNCTIONS_WORKER_RUNTIME";
    public static final String SWEEP_SCHEDULE = "SWEEP_SCHEDULE";
    public static final String JOBS_QUEUE = "CMKV_JOBS_QUEUE";
    public static final String TABLE_PREFIX = "CMKV_TABLE_PREFIX";
    public static final String REGISTRY_SEED_FILE = "CMKV_REGISTRY_SEED_FILE";
    public static final String RUN_TIMEOUT = "CMKV_RUN_TIMEOUT";
    public static final String RECHECK_DELAY = "CMKV_RECHECK_DELAY";
    public static final String WINDOW = "CMKV_WINDOW";
    public static final String EXPIRY_HORIZON = "CMKV_EXPIRY_HORIZON";
    public static final String ROTATION_GRACE = "CMKV_ROTATION_GRACE";
    public static final String SHARD_SIZE = "CMKV_SHARD_SIZE";
    public static final String LOGS_ENDPOINT = "CMKV_LOGS_ENDPOINT";
    public static final String LOGS_QUERY_TIMEOUT = "CMKV_LOGS_QUERY_TIMEOUT";
    public static final String KEYVAULT_TIMEOUT = "CMKV_KEYVAULT_TIMEOUT";
    public static final String LOGS_BATCH_SIZE = "CMKV_LOGS_BATCH_SIZE";
    public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    public static final String MAX_CONCURRENCY = "CMKV_MAX_CONCURRENCY";
    public static final String MAX_RETRIES = "CMKV_MAX_RETRIES";
    public static final String HISTORY_ENDPOINT = IngestionSettings.ENDPOINT;
    public static final String HISTORY_RULE_ID = IngestionSettings.RULE_ID;
    public static final String HISTORY_STREAM = IngestionSettings.STREAM;

    /** Identity-based storage connection (Functions' "__" convention), used in Azure instead of {@link #STORAGE}. */
    public static final String STORAGE_ACCOUNT_NAME = "AzureWebJobsStorage__accountName";
    public static final String STORAGE_CREDENTIAL = "AzureWebJobsStorage__credential";
    public static final String STORAGE_CLIENT_ID = "AzureWebJobsStorage__clientId";

    public static final List<String> ALL = List.of(STORAGE, WORKER_RUNTIME, SWEEP_SCHEDULE, JOBS_QUEUE, TABLE_PREFIX,
            REGISTRY_SEED_FILE, RUN_TIMEOUT, RECHECK_DELAY, WINDOW, EXPIRY_HORIZON, ROTATION_GRACE, SHARD_SIZE,
            LOGS_ENDPOINT, LOGS_QUERY_TIMEOUT, KEYVAULT_TIMEOUT, LOGS_BATCH_SIZE, AZURE_CLIENT_ID, MAX_CONCURRENCY,
            MAX_RETRIES, HISTORY_ENDPOINT, HISTORY_RULE_ID, HISTORY_STREAM);

    /** Read only when {@link #STORAGE} holds no connection string: the alternative that Azure deployments use. */
    public static final List<String> STORAGE_IDENTITY = List.of(STORAGE_ACCOUNT_NAME, STORAGE_CREDENTIAL,
            STORAGE_CLIENT_ID);

    /** The longest run a caller may ask for: beyond it Logic Apps' own polling gives up anyway. */
    public static final Duration MAX_RUN_TIMEOUT = Duration.ofHours(6);

    private static final Pattern TABLE_PREFIX_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,40}");
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,55}");
    private static final Pattern STORAGE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

    private final Map<String, String> env;
    private final String jobsQueue;
    private final String tablePrefix;
    private final Duration runTimeout;
    private final Duration recheckDelay;
    private final Duration window;
    private final Duration expiryHorizon;
    private final Duration rotationGrace;
    private final int shardSize;
    private final Optional<IngestionSettings> history;

    private AppSettings(Map<String, String> env) {
        this.env = Map.copyOf(env);
        jobsQueue = matching(JOBS_QUEUE, "cmkv-jobs", QUEUE_NAME, "3-56 lower-case letters, digits and single hyphens");
        tablePrefix = matching(TABLE_PREFIX, "cmkv", TABLE_PREFIX_PATTERN, "a letter then up to 40 letters or digits");
        runTimeout = duration(RUN_TIMEOUT, "PT30M", Duration.ofMinutes(1), MAX_RUN_TIMEOUT);
        recheckDelay = duration(RECHECK_DELAY, "PT5M", Duration.ZERO, Duration.ofHours(1));
        window = duration(WINDOW, "P1D", Duration.ofMinutes(1), Duration.ofDays(90));
        expiryHorizon = duration(EXPIRY_HORIZON, "P30D", Duration.ZERO, Duration.ofDays(3650));
        rotationGrace = duration(ROTATION_GRACE, "PT24H", Duration.ZERO, Duration.ofDays(365));
        shardSize = integer(SHARD_SIZE, 200, 1, 5000);
        history = historySettings();
        storage();
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalStateException naming the first setting that is missing or invalid
     */
    public static AppSettings from(Map<String, String> env) {
        return new AppSettings(env);
    }

    public static AppSettings fromEnvironment() {
        return from(System.getenv());
    }

    /** How to reach Table and Queue storage: a connection string, or an account name and an identity. */
    public StorageAccess storage() {
        String connection = value(STORAGE);
        if (connection != null) {
            return new StorageAccess.ConnectionString(connection);
        }
        String account = value(STORAGE_ACCOUNT_NAME);
        if (account == null) {
            throw new IllegalStateException("setting " + STORAGE + " (a connection string) or "
                    + STORAGE_ACCOUNT_NAME + " (identity-based) is required");
        }
        if (!STORAGE_ACCOUNT.matcher(account).matches()) {
            throw new IllegalStateException("setting " + STORAGE_ACCOUNT_NAME
                    + " must be a storage account name: 3-24 lower-case letters and digits");
        }
        boolean managed = "managedidentity".equalsIgnoreCase(value(STORAGE_CREDENTIAL));
        String clientId = managed && value(STORAGE_CLIENT_ID) != null ? value(STORAGE_CLIENT_ID) : value(AZURE_CLIENT_ID);
        return new StorageAccess.Identity(account, clientId);
    }

    public String sweepSchedule() {
        return Optional.ofNullable(value(SWEEP_SCHEDULE)).orElse("0 0 2 * * *");
    }

    public String jobsQueue() {
        return jobsQueue;
    }

    public String tablePrefix() {
        return tablePrefix;
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

    /** The user-assigned identity's client id for Azure calls, or empty for the system-assigned one. */
    public Optional<String> azureClientId() {
        return Optional.ofNullable(value(AZURE_CLIENT_ID));
    }

    private String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private String matching(String name, String fallback, Pattern pattern, String shape) {
        String v = Optional.ofNullable(value(name)).orElse(fallback);
        if (!pattern.matcher(v).matches()) {
            throw new IllegalStateException("setting " + name + " must be " + shape);
        }
        return v;
    }

    private Duration duration(String name, String fallback, Duration min, Duration max) {
        String v = Optional.ofNullable(value(name)).orElse(fallback);
        Duration d;
        try {
            d = Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("setting " + name + " must be an ISO-8601 duration like " + fallback);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalStateException("setting " + name + " must be between " + min + " and " + max);
        }
        return d;
    }

    /** The verdict history's endpoint and rule, or empty when {@link #HISTORY_ENDPOINT} is not set. */
    public Optional<IngestionSettings> history() {
        return history;
    }

    private Optional<IngestionSettings> historySettings() {
        try {
            return IngestionSettings.fromEnvironment(env, integer(MAX_RETRIES, 3, 0, 10));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("setting " + e.getMessage(), e);
        }
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
        throw new IllegalStateException("setting " + name + " must be a whole number from " + min + " to " + max);
    }
}
