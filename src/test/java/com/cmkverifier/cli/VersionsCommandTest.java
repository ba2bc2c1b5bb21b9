package com.cmkverifier.cli;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rotation.RotationCheck;
import com.cmkverifier.core.rotation.RotationReport;
import com.cmkverifier.core.rotation.VersionState;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.registry.RegistryReader;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.SampleRecords;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cmkv versions} on the sample lab (offline) and through the real SDK clients against the wire fakes (live). */
class VersionsCommandTest {

    private static final String AT = "2026-11-20T06:00:00Z";
    private static final String STG = "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk";
    private static final String SQL = "https://kv-cmk-prod.vault.azure.net/keys/sql-tde-cmk";

    @TempDir
    Path dir;

    private static CliEndToEndTest.Run versions(String key, String since, Path logs, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("versions", "--key", key, "--since", since, "--at", AT,
                "--registry", "samples/lab/registry.json", "--logs", logs.toString(), "--keys", "samples/lab/keys",
                "--format", "json"));
        args.addAll(List.of(extra));
        return CliEndToEndTest.cmkv(args.toArray(String[]::new));
    }

    private static Map<String, String> states(CliEndToEndTest.Run run) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode v : run.json().path("versions")) {
            m.put(v.path("version").asText(), v.path("state").asText());
        }
        return m;
    }

    @Test
    void theLabsUnusedOldStorageVersionIsSafeToDisable() throws Exception {
        CliEndToEndTest.Run run = versions(STG, "P1D", Path.of("samples/lab/logs"));
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("CURRENT", "SAFE_TO_DISABLE"), List.copyOf(states(run).values()));
        JsonNode current = run.json().path("versions").get(0);
        assertEquals("stcmkdata (versionless)", current.path("configuredResources").get(0).asText());
        assertEquals(65, current.path("successfulUses").asLong());
    }

    @Test
    void theLabsOldSqlVersionIsInUseBecauseTheServerStillUnwrapsWithIt() throws Exception {
        CliEndToEndTest.Run run = versions(SQL, "P1D", Path.of("samples/lab/logs"));
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("CURRENT", "IN_USE"), List.copyOf(states(run).values()));
        JsonNode old = run.json().path("versions").get(1);
        assertEquals(34, old.path("successfulUses").asLong());
        assertEquals(1, old.path("callers").size());
    }

    @Test
    void aLookBackReachingPastTheLogsIsUnknownNotSafe() throws Exception {
        CliEndToEndTest.Run run = versions(STG, "P30D", Path.of("samples/lab/logs"));
        assertEquals(3, run.exit(), run.err());
        assertEquals(List.of("CURRENT", "UNKNOWN"), List.copyOf(states(run).values()));
        assertTrue(run.json().path("versions").get(1).path("reason").asText().contains("after the look-back's start"));
    }

    @Test
    void anIncompleteLogSourceMakesTheOldVersionUnknown() throws Exception {
        Path logs = dir.resolve("logs");
        copy(Path.of("samples/lab/logs"), logs);
        Path blob;
        try (Stream<Path> s = Files.walk(logs)) {
            blob = s.filter(p -> p.toString().contains("KV-CMK-PROD") && p.toString().contains("d=19/h=12")
                    && p.toString().endsWith("PT1H.json")).findFirst().orElseThrow();
        }
        // The blob gzip-compressed and cut short: a file that cannot be read to its end.
        byte[] gz;
        try (var bytes = new java.io.ByteArrayOutputStream(); OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(Files.readAllBytes(blob));
            out.close();
            gz = bytes.toByteArray();
        }
        Files.delete(blob);
        Files.write(blob.resolveSibling("PT1H.json.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        CliEndToEndTest.Run run = versions(STG, "P1D", logs);
        assertEquals(3, run.exit(), run.err());
        assertEquals(List.of("CURRENT", "UNKNOWN"), List.copyOf(states(run).values()));
        assertTrue(!run.json().path("complete").asBoolean());
    }

    @Test
    void aKeyUrlOffKeyVaultIsAUsageError() {
        CliEndToEndTest.Run run = CliEndToEndTest.cmkv("versions", "--key", "https://example.com/keys/k",
                "--logs", "samples/lab/logs");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("cmkv: --key: "), run.err());
    }

    @Test
    void liveOneQueryForTheKeyOverTheLookBackGivesInUseAndSafeToDisable() throws Exception {
        try (ProbeRig rig = new ProbeRig(dir)) {
            Instant now = ProbeRig.START;
            rig.logs.records(ProbeRig.WORKSPACE, List.of(
                    SampleRecords.unwrap(now.minus(Duration.ofDays(6)), ProbeRig.KEY, ProbeRig.OLD, "caller-a", 200),
                    SampleRecords.unwrap(now.minus(Duration.ofHours(108)), ProbeRig.KEY, ProbeRig.NEW,
                            ProbeRig.PRINCIPAL, 200),
                    SampleRecords.unwrap(now.minus(Duration.ofHours(1)), ProbeRig.KEY, ProbeRig.NEW,
                            ProbeRig.PRINCIPAL, 200)));
            RotationReport report = check(rig, Window.ending(now, Duration.ofDays(7)));
            assertEquals(List.of(VersionState.CURRENT, VersionState.IN_USE),
                    report.versions().stream().map(v -> v.state()).toList());
            assertEquals(1, rig.logs.queries(ProbeRig.WORKSPACE, "activity"), "one query per key over the look-back");

            // Five days back the old version's use falls out; the records still reach back within a day of the start.
            RotationReport shorter = check(rig, Window.ending(now, Duration.ofDays(5)));
            assertEquals(VersionState.SAFE_TO_DISABLE, shorter.versions().get(1).state());
            // A use counts however far back the logs reach: the old version stays IN_USE over three weeks.
            RotationReport longer = check(rig, Window.ending(now, Duration.ofDays(21)));
            assertEquals(VersionState.IN_USE, longer.versions().get(1).state());

            rig.logs.server().failNext(r -> FakeLogAnalytics.isFor(r, ProbeRig.WORKSPACE), 1,
                    FakeLogAnalytics.partialError());
            RotationReport partial = check(rig, Window.ending(now, Duration.ofDays(5)));
            assertEquals(VersionState.UNKNOWN, partial.versions().get(1).state());
        }
    }

    private static RotationReport check(ProbeRig rig, Window lookBack) throws IOException {
        LiveSources azure = rig.sources();
        Registry registry = RegistryReader.read(rig.registry("Microsoft.Storage/storageAccounts", "{}"));
        return new RotationCheck(azure.auditLogs(), azure.keyMetadata()).run(
                KeyReference.parse(ProbeRig.KEY.toString()), lookBack, registry, null);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
