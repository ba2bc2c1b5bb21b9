package com.cmkverifier.application;

import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one execution may spend, from the settings and host.json's {@code functionTimeout}: a check makes one
 * Logs query and one round of Key Vault reads, each with all its tries (azure-core retries 5xx including 504,
 * and timeouts) and back-off delays between them. It must fit the function's timeout, or the host kills the
 * invocation (restarting the worker and every execution on it) instead of the source ending
 * SOURCE_INCOMPLETE. Checked once at start; the function timeout is also how long a worker's claim on a run
 * holds, since the host has ended the execution by then.
 *
 * @param functionTimeout host.json's {@code functionTimeout}
 * @param logsCall        the longest one Logs query can take with all its retries
 * @param keyVaultCall    the longest one Key Vault read can take with all its retries
 */
public record ExecutionBudget(Duration functionTimeout, Duration logsCall, Duration keyVaultCall) {

    /** The host.json the app ships with, copied onto the classpath by the build. */
    static final String HOST_JSON = "/functions-host/host.json";
    /**
     * azure-monitor-query waits for an answer the server timeout plus 5 seconds (Azure/azure-sdk-for-java,
     * sdk/monitor/azure-monitor-query, {@code LogsQueryHelper.CLIENT_TIMEOUT_BUFFER}).
     */
    static final Duration LOGS_CLIENT_BUFFER = Duration.ofSeconds(5);
    /** Table and queue reads and writes around the evidence calls. */
    static final Duration STORAGE_MARGIN = Duration.ofMinutes(1);
    /** A .NET TimeSpan as host.json writes it: {@code [d.]hh:mm:ss}. */
    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})");

    static ExecutionBudget of(LiveSettings live, Duration functionTimeout) {
        int tries = 1 + live.maxRetries();
        Duration delays = LiveSources.maxRetryDelay(live).multipliedBy(live.maxRetries());
        return new ExecutionBudget(functionTimeout,
                live.queryTimeout().plus(LOGS_CLIENT_BUFFER).multipliedBy(tries).plus(delays),
                live.keyVaultTimeout().multipliedBy(tries).plus(delays));
    }

    /** The longest one check can take. */
    public Duration check() {
        return logsCall.plus(keyVaultCall).plus(STORAGE_MARGIN);
    }

    /** @throws BadSetting naming the settings when one check could outlast the function's timeout */
    void requireFits() {
        if (check().compareTo(functionTimeout) > 0) {
            throw new BadSetting("settings " + LiveSettings.LOGS_QUERY_TIMEOUT + ", " + LiveSettings.KEYVAULT_TIMEOUT
                    + " and " + LiveSettings.MAX_RETRIES + " let one check take up to " + check()
                    + " (a Logs query " + logsCall + " and a Key Vault read " + keyVaultCall
                    + " with all their tries and back-off, plus " + STORAGE_MARGIN + " for storage), longer than"
                    + " host.json functionTimeout " + functionTimeout + ": lower them or raise functionTimeout");
        }
    }

    /** The functionTimeout of the host.json on the classpath. */
    static Duration shippedFunctionTimeout() {
        try (InputStream in = ExecutionBudget.class.getResourceAsStream(HOST_JSON)) {
            if (in == null) {
                throw new BadSetting("host.json is missing from the app: its functionTimeout budgets every execution");
            }
            return functionTimeout(Jackson.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new BadSetting("host.json cannot be read: " + e.getMessage());
        }
    }

    /** @throws BadSetting when host.json sets no finite functionTimeout */
    static Duration functionTimeout(JsonNode hostJson) {
        String text = hostJson.path("functionTimeout").asText("");
        Matcher m = TIME_SPAN.matcher(text.trim());
        if (!m.matches()) {
            throw new BadSetting("host.json functionTimeout must be a finite time like 00:10:00 (got '" + text
                    + "'): the app budgets each execution from it");
        }
        Duration d = Duration.ofDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusHours(Long.parseLong(m.group(2))).plusMinutes(Long.parseLong(m.group(3)))
                .plusSeconds(Long.parseLong(m.group(4)));
        if (d.isZero()) {
            throw new BadSetting("host.json functionTimeout must be longer than zero");
        }
        return d;
    }
}
