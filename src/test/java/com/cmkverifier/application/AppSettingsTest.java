package com.cmkverifier.application;

import com.cmkverifier.json.Jackson;
import com.cmkverifier.state.StorageAccess;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppSettingsTest {

    private static final Map<String, String> LOCAL = Map.of(AppSettings.STORAGE, "UseDevelopmentStorage=true");

    @Test
    void absentSettingsTakeTheirDefaults() {
        AppSettings s = AppSettings.from(LOCAL);
        assertEquals("cmkv-jobs", s.jobsQueue());
        assertEquals("cmkv", s.tablePrefix());
        assertEquals(Duration.ofMinutes(30), s.runTimeout());
        assertEquals(Duration.ofMinutes(5), s.recheckDelay());
        assertEquals(Duration.ofDays(1), s.window());
        assertEquals(200, s.shardSize());
        assertEquals("0 0 2 * * *", s.sweepSchedule());
    }

    @Test
    void anInvalidSettingFailsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AppSettings.from(Map.of(AppSettings.STORAGE, "x", AppSettings.SHARD_SIZE, "lots")));
        assertTrue(e.getMessage().contains(AppSettings.SHARD_SIZE), e.getMessage());
    }

    @Test
    void theLiveSettingsAreReadOnceHereAndABadOneIsNamedAtStart() {
        AppSettings s = AppSettings.from(Map.of(AppSettings.STORAGE, "x", AppSettings.LOGS_QUERY_TIMEOUT, "PT5M",
                AppSettings.MAX_RETRIES, "2"));
        assertEquals(Duration.ofMinutes(5), s.live().queryTimeout());
        assertEquals(2, s.live().maxRetries());
        BadSetting e = assertThrows(BadSetting.class, () -> AppSettings.from(Map.of(AppSettings.STORAGE, "x",
                AppSettings.LOGS_QUERY_TIMEOUT, "PT20M")));
        assertTrue(e.getMessage().startsWith("setting " + AppSettings.LOGS_QUERY_TIMEOUT), e.getMessage());
    }

    @Test
    void theStoresAreReadEvenWhenAnotherSettingIsBad() {
        Map<String, String> env = Map.of(AppSettings.STORAGE, "UseDevelopmentStorage=true", AppSettings.WINDOW, "forever",
                AppSettings.TABLE_PREFIX, "cmkvx");
        assertThrows(BadSetting.class, () -> AppSettings.from(env));
        assertEquals("cmkvx", AppSettings.stores(env).tablePrefix());
    }

    @Test
    void missingStorageFailsNamingBothForms() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AppSettings.from(Map.of()));
        assertTrue(e.getMessage().contains(AppSettings.STORAGE) && e.getMessage().contains(AppSettings.STORAGE_ACCOUNT_NAME));
    }

    @Test
    void identityBasedStorageUsesTheAccountEndpointsAndTheNamedIdentity() {
        StorageAccess access = AppSettings.from(Map.of(AppSettings.STORAGE_ACCOUNT_NAME, "stcmkv",
                AppSettings.STORAGE_CREDENTIAL, "managedidentity", AppSettings.STORAGE_CLIENT_ID, "abc")).storage();
        StorageAccess.Identity id = (StorageAccess.Identity) access;
        assertEquals("https://stcmkv.table.core.windows.net", id.tableEndpoint());
        assertEquals("https://stcmkv.queue.core.windows.net", id.queueEndpoint());
        assertEquals("abc", id.clientId());
    }

    @Test
    void identityBasedStorageIsInTheCloudOfTheOtherEndpoints() {
        AppSettings settings = AppSettings.from(Map.of(AppSettings.STORAGE_ACCOUNT_NAME, "stcmkv",
                AppSettings.LOGS_ENDPOINT, "https://api.loganalytics.azure.cn/v1",
                AppSettings.ARM_ENDPOINT, "https://management.chinacloudapi.cn"));
        StorageAccess.Identity id = (StorageAccess.Identity) settings.storage();

        assertEquals("https://stcmkv.table.core.chinacloudapi.cn", id.tableEndpoint());
        assertEquals("https://stcmkv.queue.core.chinacloudapi.cn", id.queueEndpoint());
        assertEquals("https://login.chinacloudapi.cn", id.authorityHost());
        assertEquals("https://login.chinacloudapi.cn", settings.cloud().authorityHost());
    }

    @Test
    void endpointsOfTwoCloudsAreRefusedAtStartNamingBoth() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AppSettings.from(Map.of(
                AppSettings.STORAGE_ACCOUNT_NAME, "stcmkv", AppSettings.LOGS_ENDPOINT, "https://api.loganalytics.us/v1",
                AppSettings.ARM_ENDPOINT, "https://management.azure.com")));

        assertTrue(e.getMessage().contains(AppSettings.LOGS_ENDPOINT) && e.getMessage().contains(AppSettings.ARM_ENDPOINT)
                && e.getMessage().contains("US Government") && e.getMessage().contains("public"), e.getMessage());
    }

    @Test
    void theLocalSettingsExampleHasEverySettingAndNoOther() throws IOException {
        JsonNode values = Jackson.MAPPER.readTree(Path.of("local.settings.json.example").toFile()).get("Values");
        Set<String> names = new TreeSet<>();
        values.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(AppSettings.ALL), names);
        assertEquals("UseDevelopmentStorage=true", values.get(AppSettings.STORAGE).asText());
    }

    @Test
    void theWorkerGivesUpOnTheDeliveryTheHostDeclaresLast() throws IOException {
        JsonNode host = Jackson.MAPPER.readTree(Path.of("host.json").toFile());
        assertEquals(JobWorker.MAX_DEQUEUE_COUNT, host.at("/extensions/queues/maxDequeueCount").asInt());
        assertEquals("[4.*, 5.0.0)", host.at("/extensionBundle/version").asText());
    }

    @Test
    void theHistoryIsOffUnlessConfiguredAndAnEndpointOutsideAzureMonitorFailsStartNamingIt() {
        assertTrue(AppSettings.from(LOCAL).history().isEmpty());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AppSettings.from(Map.of(
                AppSettings.STORAGE, "UseDevelopmentStorage=true", AppSettings.HISTORY_ENDPOINT, "https://evil.example.com",
                AppSettings.HISTORY_RULE_ID, "dcr-00112233445566778899aabbccddeeff")));
        assertTrue(e.getMessage().startsWith("setting CMKV_HISTORY_ENDPOINT 'https://evil.example.com' must be"),
                e.getMessage());
    }
}
