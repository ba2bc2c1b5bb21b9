package com.cmkverifier.cli;

import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.probe.ExitHooks;
import com.cmkverifier.core.probe.Probe;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.registry.RegistryReader;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.SampleKeys;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cmkv probe} end to end: the real {@code KeyClient} and {@code LogsQueryClient} against the wire fakes,
 * a simulated service that breaks without its key, and a clock that only the probe's sleeps move.
 */
class ProbeCommandTest {

    private static final String STORAGE = "Microsoft.Storage/storageAccounts";
    private static final String TEST_TAGS = "{\"Environment\": \"Test\"}";

    @TempDir
    Path dir;

    private ProbeRig rig;

    @BeforeEach
    void start() {
        rig = new ProbeRig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private CliEndToEndTest.Run probe(String maxOutage, String... extra) {
        Path registry = rig.registry(STORAGE, TEST_TAGS);
        return probeWith(registry, maxOutage, extra);
    }

    private CliEndToEndTest.Run probeWith(Path registry, String maxOutage, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("probe", "--registry", registry.toString(),
                "--resource", "app-test", "--live", "--confirm", "app-test", "--max-outage", maxOutage,
                "--records", rig.records().toString(), "--format", "json"));
        args.addAll(List.of(extra));
        return rig.cmkv(args.toArray(String[]::new));
    }

    /** The probe's one outcome finding. */
    private static JsonNode finding(CliEndToEndTest.Run run) throws Exception {
        List<JsonNode> outcomes = new java.util.ArrayList<>();
        run.json().path("results").get(0).path("findings").forEach(f -> {
            if (f.path("code").asText().startsWith("PROBE_")) {
                outcomes.add(f);
            }
        });
        assertEquals(1, outcomes.size(), run.out());
        return outcomes.get(0);
    }

    private long recordFiles() throws Exception {
        if (!Files.isDirectory(rig.records())) {
            return 0;
        }
        try (Stream<Path> s = Files.list(rig.records())) {
            return s.count();
        }
    }

    @Test
    void aServiceThatFailsWithoutItsKeyAndRecoversIsProvenDependent() throws Exception {
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(0, run.exit(), run.err());
        JsonNode f = finding(run);
        assertEquals("PROBE_DEPENDENCY_PROVEN", f.path("code").asText());
        assertEquals("VERIFIED", run.json().path("results").get(0).path("status").asText());
        assertTrue(run.out().contains("KEY_USE_CONFIRMED"), "the successes after the re-enable prove use");
        assertEquals(ProbeRig.NEW, f.path("evidence").path("version").asText());
        // One failing unwrap after the first minute's poll ends the outage; one success after the re-enable.
        assertEquals(1, f.path("evidence").path("failuresWhileDisabled").asLong());
        assertEquals(2, rig.updates(), "one PATCH to disable, one to re-enable");
        assertTrue(rig.newestEnabled());
        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(1)), rig.sleeps);
        assertEquals(1 + 2, rig.logs.queries(ProbeRig.WORKSPACE, "activity"), "one read while disabled, then outage and recovery");
        assertEquals(0, recordFiles(), "the restore record is removed once the version is read back enabled");
        assertTrue(run.err().contains("disabled version " + ProbeRig.NEW), run.err());
        assertTrue(run.err().contains("re-enabled version " + ProbeRig.NEW), run.err());
    }

    @Test
    void aServiceThatKeepsSucceedingOnAnotherVersionShowsNoEffectAndTheVersionComesBackAtMaxOutage() throws Exception {
        rig.service(ProbeRig.Service.USES_OLD_VERSION);
        CliEndToEndTest.Run run = probe("PT5M");
        assertEquals(1, run.exit(), run.err());
        JsonNode f = finding(run);
        assertEquals("PROBE_NO_EFFECT", f.path("code").asText());
        assertEquals(5, f.path("evidence").path("successesWhileDisabled").asLong());
        assertTrue(rig.newestEnabled());
        assertEquals(2, rig.updates());
        // Five polls while disabled (until --max-outage), then five more for late records, capped by --max-outage.
        assertEquals(10, rig.sleeps.size());
        assertEquals(Duration.ofMinutes(5), f.path("evidence").isEmpty() ? null : Duration.between(
                java.time.Instant.parse(f.path("evidence").path("disabledAt").asText()),
                java.time.Instant.parse(f.path("evidence").path("reenabledAt").asText())));
    }

    @Test
    void anIdleServiceIsInconclusiveAndTheVersionIsReEnabledAfterTheTimeout() throws Exception {
        rig.service(ProbeRig.Service.IDLE);
        CliEndToEndTest.Run run = probe("PT3M");
        assertEquals(3, run.exit(), run.err());
        assertEquals("PROBE_INCONCLUSIVE", finding(run).path("code").asText());
        assertEquals("INCONCLUSIVE", run.json().path("results").get(0).path("status").asText());
        assertTrue(rig.newestEnabled());
        assertEquals(2, rig.updates());
        assertEquals(0, recordFiles());
    }

    @Test
    void aMySqlServerThatStaysDownIsNotRecoveredAndTheMessageSaysHowToRevalidate() throws Exception {
        rig.service(ProbeRig.Service.STAYS_DOWN);
        CliEndToEndTest.Run run = probeWith(rig.registry("Microsoft.DBforMySQL/flexibleServers", TEST_TAGS),
                "PT20M");
        assertEquals(1, run.exit(), run.err());
        JsonNode f = finding(run);
        assertEquals("PROBE_NOT_RECOVERED", f.path("code").asText());
        assertTrue(f.path("remediation").asText().contains("Revalidate key"), f.toString());
        assertTrue(rig.newestEnabled(), "the key is back even though the server is not");
        assertEquals(1 + 20, rig.sleeps.size(), "one poll until the failure, then --max-outage of recovery polls");
    }

    @Test
    void anIncompleteLogAnswerIsInconclusiveNeverProof() throws Exception {
        rig.logs.server().failNext(r -> FakeLogAnalytics.isFor(r, ProbeRig.WORKSPACE), 1000,
                FakeLogAnalytics.partialError());
        CliEndToEndTest.Run run = probe("PT3M");
        assertEquals(3, run.exit(), run.err());
        JsonNode f = finding(run);
        assertEquals("PROBE_INCONCLUSIVE", f.path("code").asText());
        assertTrue(f.path("message").asText().contains("incomplete"), f.toString());
        assertTrue(rig.newestEnabled());
    }

    @Test
    void aFirstReEnableAnswering503IsRetriedAndTheVersionComesBack() throws Exception {
        rig.vault.server().failNext(r -> r.method().equals("PATCH") && r.body().contains("\"enabled\":true"), 1,
                Reply.error(503, "ServiceUnavailable", "The service is unavailable."));
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(0, run.exit(), run.err());
        assertEquals(3, rig.updates(), "disable, the re-enable that got 503, its retry");
        assertTrue(rig.newestEnabled());
        assertEquals(0, recordFiles());
    }

    @Test
    void aReEnableThatKeepsFailingSaysSoLoudlyExitsOneAndRestoreFixesIt() throws Exception {
        rig.vault.server().failNext(r -> r.method().equals("PATCH") && r.body().contains("\"enabled\":true"), 1000,
                Reply.error(503, "ServiceUnavailable", "The service is unavailable."));
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(1, run.exit(), run.err());
        assertFalse(rig.newestEnabled());
        assertTrue(run.err().contains("IS STILL DISABLED"), run.err());
        JsonNode result = run.json().path("results").get(0);
        assertEquals("FAILED", result.path("status").asText());
        assertTrue(result.toString().contains("KEY_DISABLED"), result.toString());
        assertEquals(1, recordFiles(), "the restore record stays for --restore");

        rig.vault.server().clearFaults();
        CliEndToEndTest.Run restore = rig.cmkv("probe", "--live", "--restore", "--records", rig.records().toString());
        assertEquals(0, restore.exit(), restore.err());
        assertTrue(rig.newestEnabled());
        assertTrue(restore.err().contains("re-enabled and confirmed"), restore.err());
        assertEquals(0, recordFiles());
    }

    @Test
    void anExceptionInTheObserverStillReEnablesTheVersionAndEndsInconclusive() throws Exception {
        LiveSources azure = rig.sources();
        AtomicInteger reads = new AtomicInteger();
        AuditLogSource failingSecondTime = (resources, window) -> {
            if (reads.incrementAndGet() == 2) {
                throw new IllegalStateException("observer broke");
            }
            return azure.auditLogs().read(resources, window);
        };
        rig.registry(STORAGE, TEST_TAGS);
        ProtectedResource target = RegistryReader.read(dir.resolve("registry.json")).find("app-test").orElseThrow();
        List<String> progress = new java.util.ArrayList<>();
        Probe probe = new Probe(azure.versionSwitch(), failingSecondTime, new RestoreRecordFiles(rig.records()),
                new Probe.Settings(Duration.ofMinutes(30), Duration.ofMinutes(1)), rig.clock, rig.sleeper,
                ExitHooks.JVM, progress::add);
        rig.service(ProbeRig.Service.IDLE);
        Probe.Result result = probe.run(target);
        assertTrue(result.restored());
        assertTrue(rig.newestEnabled());
        assertEquals(2, rig.updates());
        assertEquals(2, reads.get(), "the probe stops observing at the first exception");
        assertEquals(VerdictStatus.INCONCLUSIVE, result.verdict().status());
        assertEquals(List.of(FindingCode.PROBE_INCONCLUSIVE),
                result.verdict().findings().stream().map(f -> f.code()).toList());
        assertTrue(result.verdict().findings().get(0).message().contains("observer broke"));
        assertEquals(0, recordFiles());
    }

    @Test
    void aPersonWithoutTheRoleToUpdateKeysIsToldWhichRoleAndNothingStaysChanged() throws Exception {
        rig.vault.server().failNext(r -> r.method().equals("PATCH"), 1,
                Reply.error(403, "Forbidden", "Caller is not authorized to perform action on resource."));
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("Key Vault Crypto Officer"), run.err());
        assertTrue(run.err().contains("confirmed enabled"), run.err());
        assertEquals(1, rig.updates(), "the denied disable, and no re-enable of a version that never changed");
        assertTrue(rig.newestEnabled());
        assertEquals(0, recordFiles());
        assertEquals(0, rig.logs.server().received().size());
    }

    @Test
    void anAlreadyDisabledVersionIsRefusedWithoutAnyChange() throws Exception {
        rig.vault.put(ProbeRig.KEY, List.of(SampleKeys.rsa(1, ProbeRig.START.minus(Duration.ofDays(60))),
                SampleKeys.disabled(SampleKeys.rsa(2, ProbeRig.START.minus(Duration.ofDays(1))))));
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("already disabled"), run.err());
        assertEquals(0, rig.updates());
        assertEquals(0, recordFiles());
        assertEquals(0, rig.logs.server().received().size());
    }

    @Test
    void anUntaggedResourceIsRefusedBeforeAnyRequest() {
        CliEndToEndTest.Run run = probeWith(rig.registry(STORAGE, "{\"owner\": \"team-a\"}"), "PT30M");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("not tagged as a test environment"), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void aProductionTagIsRefusedBeforeAnyRequest() {
        CliEndToEndTest.Run run = probeWith(rig.registry(STORAGE, "{\"env\": \"prod\"}"), "PT30M");
        assertEquals(2, run.exit());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void aWrongConfirmationIsRefusedBeforeAnyRequest() {
        Path registry = rig.registry(STORAGE, TEST_TAGS);
        CliEndToEndTest.Run run = rig.cmkv("probe", "--registry", registry.toString(), "--resource", "app-test",
                "--live", "--confirm", "app-tes", "--records", rig.records().toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--confirm must repeat"), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void anotherUntaggedResourceOnTheSameKeyIsRefusedAndNamedBeforeAnyRequest() {
        Path registry = rig.registry(STORAGE, TEST_TAGS,
                ProbeRig.entry("sql-prod", "Microsoft.Sql/servers", "{\"environment\": \"production\"}"),
                ProbeRig.entry("app-dev", STORAGE, "{\"env\": \"dev\"}"));
        CliEndToEndTest.Run run = probeWith(registry, "PT30M");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("sql-prod"), run.err());
        assertFalse(run.err().contains("app-dev"), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void withoutLiveTheProbeRefusesBeforeAnyRequest() {
        Path registry = rig.registry(STORAGE, TEST_TAGS);
        CliEndToEndTest.Run run = rig.cmkv("probe", "--registry", registry.toString(), "--resource", "app-test",
                "--confirm", "app-test");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--live"), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void restoreWithoutRecordsChangesNothing() {
        CliEndToEndTest.Run run = rig.cmkv("probe", "--live", "--restore", "--records", rig.records().toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void theTableFormatNamesTheOutcome() {
        CliEndToEndTest.Run run = rig.cmkv("probe", "--registry", rig.registry(STORAGE, TEST_TAGS).toString(),
                "--resource", "app-test", "--live", "--confirm", "app-test", "--records", rig.records().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("PROBE_DEPENDENCY_PROVEN"), run.out());
    }

}
