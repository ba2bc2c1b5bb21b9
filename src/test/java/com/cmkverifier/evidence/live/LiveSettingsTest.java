package com.cmkverifier.evidence.live;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveSettingsTest {

    private static String failure(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> LiveSettings.fromEnvironment(env)).getMessage();
    }

    @Test
    void emptyEnvironmentGivesTheDefaults() {
        LiveSettings s = LiveSettings.fromEnvironment(Map.of());

        assertEquals(URI.create("https://api.loganalytics.azure.com/v1"), s.logsEndpoint());
        assertEquals(Duration.ofMinutes(3), s.queryTimeout());
        assertEquals(Duration.ofSeconds(30), s.keyVaultTimeout());
        assertEquals(200, s.batchSize());
    }

    @Test
    void environmentOverridesEachSetting() {
        LiveSettings s = LiveSettings.fromEnvironment(Map.of("CMKV_LOGS_ENDPOINT", "https://api.loganalytics.azure.cn/v1",
                "CMKV_LOGS_QUERY_TIMEOUT", "PT10M", "CMKV_KEYVAULT_TIMEOUT", "PT5S", "CMKV_LOGS_BATCH_SIZE", "50",
                "CMKV_MAX_CONCURRENCY", "4", "CMKV_MAX_RETRIES", "1"));

        assertEquals(URI.create("https://api.loganalytics.azure.cn/v1"), s.logsEndpoint());
        assertEquals(Duration.ofMinutes(10), s.queryTimeout());
        assertEquals(Duration.ofSeconds(5), s.keyVaultTimeout());
        assertEquals(50, s.batchSize());
        assertEquals(4, s.maxConcurrency());
        assertEquals(1, s.maxRetries());
    }

    @Test
    void logsEndpointOutsideTheLogAnalyticsHostsIsRefusedNamingTheSetting() {
        assertTrue(failure(Map.of("CMKV_LOGS_ENDPOINT", "https://evil.example/v1")).startsWith("CMKV_LOGS_ENDPOINT"));
    }

    @Test
    void aLogsEndpointWithoutV1IsRefusedAtStartNotAnsweredWorkspaceNotFound() {
        String m = failure(Map.of("CMKV_LOGS_ENDPOINT", "https://api.loganalytics.azure.com"));

        assertTrue(m.startsWith("CMKV_LOGS_ENDPOINT") && m.contains("/v1"), m);
        assertTrue(failure(Map.of("CMKV_LOGS_ENDPOINT", "https://api.loganalytics.io/v2")).contains("/v1"));
        assertEquals(URI.create("https://api.loganalytics.us/v1/"), LiveSettings.fromEnvironment(
                Map.of("CMKV_LOGS_ENDPOINT", "https://api.loganalytics.us/v1/")).logsEndpoint());
    }

    @Test
    void plainHttpLogsEndpointIsRefused() {
        assertTrue(failure(Map.of("CMKV_LOGS_ENDPOINT", "http://api.loganalytics.azure.com/v1"))
                .startsWith("CMKV_LOGS_ENDPOINT"));
    }

    @Test
    void queryTimeoutBeyondTheApisTenMinutesIsRefusedNamingTheSetting() {
        assertTrue(failure(Map.of("CMKV_LOGS_QUERY_TIMEOUT", "PT11M")).startsWith("CMKV_LOGS_QUERY_TIMEOUT"));
    }

    @Test
    void keyVaultTimeoutThatIsNotADurationIsRefusedNamingTheSetting() {
        String m = failure(Map.of("CMKV_KEYVAULT_TIMEOUT", "30s"));

        assertTrue(m.startsWith("CMKV_KEYVAULT_TIMEOUT") && m.contains("ISO-8601"), m);
    }

    @Test
    void batchSizeThatIsNotANumberIsRefusedNamingTheSetting() {
        assertTrue(failure(Map.of("CMKV_LOGS_BATCH_SIZE", "lots")).startsWith("CMKV_LOGS_BATCH_SIZE"));
    }

    @Test
    void zeroBatchSizeIsRefusedNamingTheSetting() {
        assertTrue(failure(Map.of("CMKV_LOGS_BATCH_SIZE", "0")).startsWith("CMKV_LOGS_BATCH_SIZE"));
    }
}
