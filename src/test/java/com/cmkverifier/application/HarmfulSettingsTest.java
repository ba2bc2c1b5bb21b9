package com.cmkverifier.application;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 points 3 and 10: settings that parse but harm fail at start naming the setting: a re-check hot loop,
 * shards that overflow a 4 MiB transaction, a schedule the host cannot read or that fires every second, and
 * timeouts and retries under which one check outlasts host.json's functionTimeout.
 */
class HarmfulSettingsTest {

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = new HashMap<>(Map.of(AppSettings.STORAGE, "UseDevelopmentStorage=true"));
        env.put(name, value);
        return env;
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(BadSetting.class, () -> AppSettings.from(env)).getMessage();
    }

    @Test
    void aRecheckDelayOfZeroWouldQueryLogAnalyticsInAHotLoop() {
        String m = refusal(with(AppSettings.RECHECK_DELAY, "PT0S"));
        assertTrue(m.startsWith("setting CMKV_RECHECK_DELAY must be between PT1M and PT1H"), m);
        assertEquals(Duration.ofMinutes(1), AppSettings.from(with(AppSettings.RECHECK_DELAY, "PT1M")).recheckDelay());
    }

    @Test
    void aShardSizeWhoseRowsOverflowAFourMebibyteTransactionIsRefused() {
        String m = refusal(with(AppSettings.SHARD_SIZE, "5000"));
        assertTrue(m.startsWith("setting CMKV_SHARD_SIZE must be a whole number from 1 to 500"), m);
        assertEquals(500, AppSettings.from(with(AppSettings.SHARD_SIZE, "500")).shardSize());
        // 100 shard rows per transaction, each listing names of up to 80 characters and a separator.
        assertTrue(100L * AppSettings.MAX_SHARD_SIZE * 81 < 4L * 1024 * 1024 - 100 * 1024,
                "with room for each row's other properties and the batch framing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nightly", "0 2 * * *", "0 0 25 * * *", "0 60 2 * * *", "0 0 2 32 * *", "0 0 2 * 13 *",
            "0 0 2 * * 7", "0 0 2 * * Funday", "0 0 5-2 * * *", "0 0 */0 * * *", "0 0 2 * * * *"})
    void aScheduleTheHostCannotReadIsRefusedNamingIt(String schedule) {
        for (String setting : new String[]{AppSettings.SWEEP_SCHEDULE, AppSettings.DISCOVERY_SCHEDULE}) {
            String m = refusal(with(setting, schedule));
            assertTrue(m.startsWith("setting " + setting + " must be an NCRONTAB expression of six fields"), m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * * * *", "*/10 0 2 * * *", "0 */5 * * * *", "0 0,30 2 * * *"})
    void aSweepOrDiscoveryFiringMoreThanHourlyIsRefused(String schedule) {
        for (String setting : new String[]{AppSettings.SWEEP_SCHEDULE, AppSettings.DISCOVERY_SCHEDULE}) {
            String m = refusal(with(setting, schedule));
            assertTrue(m.startsWith("setting " + setting + " must fire at most once an hour"), m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 2 * * *", "0 30 */6 * * *", "0 0 1 * * Mon-Fri", "0 15 3 1,15 Jan-Jun *",
            "5 0 0-23/2 * * 0"})
    void readableHourlyOrRarerSchedulesAreAccepted(String schedule) {
        assertEquals(schedule, AppSettings.from(with(AppSettings.SWEEP_SCHEDULE, schedule)).sweepSchedule());
        AppSettings.from(with(AppSettings.DISCOVERY_SCHEDULE, schedule));
    }

    @Test
    void theDefaultsFitTheShippedFunctionTimeoutAndItIsTheOneInHostJson() throws IOException {
        JsonNode host = Jackson.MAPPER.readTree(Path.of("host.json").toFile());
        AppSettings s = AppSettings.from(Map.of(AppSettings.STORAGE, "UseDevelopmentStorage=true"));
        assertEquals(ExecutionBudget.functionTimeout(host), s.budget().functionTimeout());
        assertEquals(Duration.ofMinutes(30), s.budget().functionTimeout());
        // 4 tries of (3 min + the SDK's 5 s) + 3 back-offs of at most 30 s; 4 x 30 s + 3 x 30 s; a minute.
        assertEquals(Duration.ofSeconds(4 * 185 + 90), s.budget().logsCall());
        assertEquals(Duration.ofSeconds(4 * 30 + 90), s.budget().keyVaultCall());
        assertEquals(Duration.ofSeconds(830 + 210 + 60), s.budget().check());
    }

    @Test
    void timeoutsAndRetriesUnderWhichOneCheckOutlastsTheFunctionTimeoutFailAtStartNamingThem() {
        Map<String, String> env = Map.of(AppSettings.STORAGE, "UseDevelopmentStorage=true");
        String m = assertThrows(BadSetting.class, () -> AppSettings.from(env, Duration.ofMinutes(10))).getMessage();
        assertTrue(m.startsWith("settings CMKV_LOGS_QUERY_TIMEOUT, CMKV_KEYVAULT_TIMEOUT and CMKV_MAX_RETRIES let one"
                + " check take up to PT18M20S"), m);
        assertTrue(m.contains("longer than host.json functionTimeout PT10M"), m);

        Map<String, String> retries = new HashMap<>(env);
        retries.put(AppSettings.MAX_RETRIES, "10");
        m = assertThrows(BadSetting.class, () -> AppSettings.from(retries)).getMessage();
        assertTrue(m.contains("functionTimeout PT30M"), m);

        Map<String, String> shorter = new HashMap<>(env);
        shorter.put(AppSettings.LOGS_QUERY_TIMEOUT, "PT1M");
        shorter.put(AppSettings.KEYVAULT_TIMEOUT, "PT20S");
        assertTrue(AppSettings.from(shorter, Duration.ofMinutes(10)).budget().check()
                .compareTo(Duration.ofMinutes(10)) <= 0, "shorter timeouts fit a ten-minute host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"functionTimeout\":\"-1\"}", "{}", "{\"functionTimeout\":\"00:00:00\"}",
            "{\"functionTimeout\":\"ten minutes\"}"})
    void aHostJsonWithoutAFiniteFunctionTimeoutIsRefused(String hostJson) throws IOException {
        String m = assertThrows(BadSetting.class,
                () -> ExecutionBudget.functionTimeout(Jackson.MAPPER.readTree(hostJson))).getMessage();
        assertTrue(m.startsWith("host.json functionTimeout must be"), m);
        assertEquals(Duration.ofHours(26).plusMinutes(1),
                ExecutionBudget.functionTimeout(Jackson.MAPPER.readTree("{\"functionTimeout\":\"1.02:01:00\"}")));
    }
}
