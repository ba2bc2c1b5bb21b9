package com.cmkverifier.publish.loganalytics;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the verdict history goes: a data collection endpoint (or a rule's own ingestion endpoint), the data
 * collection rule's immutable id and its stream. Read once, validated, failing fast with the setting's name.
 *
 * @param maxRetries retries of a throttled (429), failed (5xx) or unanswered request, honouring Retry-After
 * @param retryDelay first back-off delay when the service names none
 */
public record IngestionSettings(URI endpoint, String ruleId, String stream, int maxRetries, Duration retryDelay) {

    public static final String ENDPOINT = "CMKV_HISTORY_ENDPOINT";
    public static final String RULE_ID = "CMKV_HISTORY_RULE_ID";
    public static final String STREAM = "CMKV_HISTORY_STREAM";
    public static final String DEFAULT_STREAM = "Custom-CmkVerification_CL";

    /** Ingestion hosts of the public, US Government and China clouds: the only places a token may go. */
    public static final List<String> HOST_SUFFIXES = List.of(
            ".ingest.monitor.azure.com", ".ingest.monitor.azure.us", ".ingest.monitor.azure.cn");

    private static final Pattern RULE = Pattern.compile("dcr-[0-9a-f]{32}");
    private static final Pattern STREAM_NAME = Pattern.compile("Custom-[A-Za-z0-9_]{1,100}");

    public IngestionSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("must be an https URL, got '" + endpoint + "'");
        }
        checkRule(ruleId, "ruleId");
        checkStream(stream, "stream");
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("retries must be 0 to 10, got " + maxRetries);
        }
        Objects.requireNonNull(retryDelay, "retryDelay");
    }

    /**
     * The settings from the app's environment, or empty when {@link #ENDPOINT} is not set (no history).
     *
     * @throws IllegalArgumentException naming the setting that is invalid
     */
    public static Optional<IngestionSettings> fromEnvironment(Map<String, String> env, int maxRetries) {
        String endpoint = blankToNull(env.get(ENDPOINT));
        String rule = blankToNull(env.get(RULE_ID));
        if (endpoint == null) {
            if (rule != null) {
                throw new IllegalArgumentException(RULE_ID + " is set but " + ENDPOINT + " is not: set both, or neither");
            }
            return Optional.empty();
        }
        URI uri = endpoint(endpoint);
        String stream = blankToNull(env.get(STREAM));
        checkRule(rule, RULE_ID);
        checkStream(stream == null ? DEFAULT_STREAM : stream, STREAM);
        return Optional.of(new IngestionSettings(uri, rule, stream == null ? DEFAULT_STREAM : stream, maxRetries,
                Duration.ofMillis(800)));
    }

    private static void checkRule(String ruleId, String name) {
        if (ruleId == null || !RULE.matcher(ruleId).matches()) {
            throw new IllegalArgumentException(name + " must be a data collection rule's immutable id (dcr- and 32 "
                    + "hex digits, shown on the rule's overview), got '" + ruleId + "'");
        }
    }

    private static void checkStream(String stream, String name) {
        if (stream == null || !STREAM_NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException(name + " must be a custom stream name like " + DEFAULT_STREAM
                    + ", got '" + stream + "'");
        }
    }

    private static URI endpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENDPOINT + " '" + value + "' is not a URL", e);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getPort() != -1
                || HOST_SUFFIXES.stream().noneMatch(host::endsWith)
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
            throw new IllegalArgumentException(ENDPOINT + " '" + value + "' must be https://{endpoint}"
                    + HOST_SUFFIXES.get(0) + " (a data collection endpoint's logs ingestion URL; "
                    + String.join(", ", HOST_SUFFIXES.subList(1, HOST_SUFFIXES.size())) + " in sovereign clouds)");
        }
        return URI.create("https://" + host);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The upload URL of the Logs Ingestion API for this rule and stream. */
    String uploadUrl() {
        String base = endpoint.toString().replaceAll("/+$", "");
        return base + "/dataCollectionRules/" + ruleId + "/streams/" + stream + "?api-version=" + LogsIngestion.API_VERSION;
    }
}
