package com.cmkverifier.evidence.live;

import com.cmkverifier.evidence.cloud.AzureCloud;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the live sources talk to Azure. Read once, validated, failing fast with the setting's name.
 *
 * @param logsEndpoint    Logs Query API base URL, {@code https://api.loganalytics.azure.com/v1} in the public cloud
 * @param queryTimeout    server timeout of one log query, sent as {@code Prefer: wait=}; at most 10 minutes
 * @param keyVaultTimeout how long one Key Vault request may take before it counts as failed
 * @param batchSize       keys per log query; bounds the query text and the answer
 * @param maxConcurrency  Key Vault reads in flight at once
 * @param maxRetries      retries of a throttled (429), failed (5xx) or timed-out request, honouring Retry-After
 * @param retryDelay      first back-off delay when the service names none
 */
public record LiveSettings(URI logsEndpoint, Duration queryTimeout, Duration keyVaultTimeout, int batchSize,
                           int maxConcurrency, int maxRetries, Duration retryDelay) {

    public static final String LOGS_ENDPOINT = "CMKV_LOGS_ENDPOINT";
    public static final String LOGS_QUERY_TIMEOUT = "CMKV_LOGS_QUERY_TIMEOUT";
    public static final String KEYVAULT_TIMEOUT = "CMKV_KEYVAULT_TIMEOUT";
    public static final String LOGS_BATCH_SIZE = "CMKV_LOGS_BATCH_SIZE";
    public static final String MAX_CONCURRENCY = "CMKV_MAX_CONCURRENCY";
    public static final String MAX_RETRIES = "CMKV_MAX_RETRIES";

    /** The Logs Query API hosts of the public, China and US Government clouds. */
    public static final List<String> LOGS_HOSTS = List.of(
            "api.loganalytics.azure.com", "api.loganalytics.io", "api.loganalytics.azure.cn", "api.loganalytics.us");

    /** The Logs Query API waits at most 10 minutes ({@code Prefer: wait=600}), then answers 504. */
    static final Duration MAX_QUERY_TIMEOUT = Duration.ofMinutes(10);

    public static final LiveSettings DEFAULTS = new LiveSettings(URI.create("https://api.loganalytics.azure.com/v1"),
            Duration.ofMinutes(3), Duration.ofSeconds(30), 200, 8, 3, Duration.ofMillis(800));

    public LiveSettings {
        Objects.requireNonNull(logsEndpoint, "logsEndpoint");
        if (!"https".equalsIgnoreCase(logsEndpoint.getScheme()) || logsEndpoint.getHost() == null) {
            throw new IllegalArgumentException("logs endpoint must be an https URL, got '" + logsEndpoint + "'");
        }
        checkQueryTimeout(queryTimeout);
        checkPositive(keyVaultTimeout);
        checkPositive(retryDelay);
        checkRange(batchSize, 1, 1000);
        checkRange(maxConcurrency, 1, 64);
        checkRange(maxRetries, 0, 10);
    }

    /** These settings with the Logs endpoint of {@code cloud}, for when {@link #LOGS_ENDPOINT} is not set. */
    public LiveSettings inCloud(AzureCloud cloud) {
        return new LiveSettings(cloud.logsEndpoint(), queryTimeout, keyVaultTimeout, batchSize, maxConcurrency,
                maxRetries, retryDelay);
    }

    /** The cloud of the Logs endpoint: where the Functions app signs in when no vault host says otherwise. */
    public AzureCloud cloud() {
        return AzureCloud.ofLogsHost(logsEndpoint.getHost()).orElse(AzureCloud.PUBLIC);
    }

    private static Duration checkPositive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be a positive duration, got " + d);
        }
        return d;
    }

    private static Duration checkQueryTimeout(Duration d) {
        checkPositive(d);
        if (d.compareTo(MAX_QUERY_TIMEOUT) > 0 || d.toSeconds() < 1) {
            throw new IllegalArgumentException("must be between PT1S and PT10M (the Logs API's longest wait), got " + d);
        }
        return d;
    }

    private static int checkRange(int n, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    /**
     * The settings from environment variables; absent ones keep their default. The endpoint must be one of
     * {@link #LOGS_HOSTS}, so that a misconfiguration cannot send a token elsewhere.
     *
     * @throws IllegalArgumentException naming the variable that is invalid
     */
    public static LiveSettings fromEnvironment(Map<String, String> env) {
        return new LiveSettings(
                read(env, LOGS_ENDPOINT, DEFAULTS.logsEndpoint, LiveSettings::logsEndpoint),
                read(env, LOGS_QUERY_TIMEOUT, DEFAULTS.queryTimeout, s -> checkQueryTimeout(Duration.parse(s))),
                read(env, KEYVAULT_TIMEOUT, DEFAULTS.keyVaultTimeout, s -> checkPositive(Duration.parse(s))),
                read(env, LOGS_BATCH_SIZE, DEFAULTS.batchSize, s -> checkRange(Integer.parseInt(s), 1, 1000)),
                read(env, MAX_CONCURRENCY, DEFAULTS.maxConcurrency, s -> checkRange(Integer.parseInt(s), 1, 64)),
                read(env, MAX_RETRIES, DEFAULTS.maxRetries, s -> checkRange(Integer.parseInt(s), 0, 10)),
                DEFAULTS.retryDelay);
    }

    private static URI logsEndpoint(String value) {
        URI uri = URI.create(value);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        // Without /v1 every query would be answered 404, read as "workspace not found".
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        if (!"https".equalsIgnoreCase(uri.getScheme()) || !LOGS_HOSTS.contains(host) || uri.getPort() != -1
                || !path.equals("/v1") || uri.getQuery() != null) {
            throw new IllegalArgumentException("must be https://{one of " + LOGS_HOSTS + "}/v1");
        }
        return uri;
    }

    private static <T> T read(Map<String, String> env, String name, T fallback, Function<String, T> parser) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return parser.apply(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + raw + "' must be a whole number", e);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + raw + "' must be an ISO-8601 duration like PT30S", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + raw + "' " + e.getMessage(), e);
        }
    }
}
