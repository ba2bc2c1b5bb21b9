package com.cmkverifier.cli;

import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.probe.ExitHooks;
import com.cmkverifier.core.probe.Probe;
import com.cmkverifier.core.probe.RestoreRecord;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.registry.RegistryReader;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.SampleRecords;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private static final String SQL = "Microsoft.Sql/servers";
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

    /** A SQL server: documented notice time (10 minutes) and self-heal window (30 minutes). */
    private CliEndToEndTest.Run probe(String maxOutage, String... extra) {
        Path registry = rig.registry(SQL, TEST_TAGS);
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
        assertEquals(1, f.path("evidence").path("failuresWhileDisabled").asLong());
        // Key Vault's own times: the disable at the start, the re-enable after the first minute's poll.
        assertEquals(ProbeRig.START.toString(), f.path("evidence").path("disabledAt").asText());
        assertEquals(ProbeRig.START.plusSeconds(60).toString(), f.path("evidence").path("reenabledAt").asText());
        assertEquals(2, rig.enableChanges(), "one PATCH to disable, one to re-enable");
        assertEquals(4, rig.updates(), "and the tag written before the disable, removed after the re-enable");
        assertTrue(rig.newestEnabled());
        assertEquals(Map.of(), rig.vault.tags(ProbeRig.KEY, ProbeRig.NEW));
        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(1)), rig.sleeps);
        assertEquals(1 + 1 + 2, rig.logs.queries(ProbeRig.WORKSPACE, "activity"),
                "the look-back, one read while disabled, then outage and recovery");
        assertEquals(0, recordFiles(), "the restore record is removed once the version is read back enabled");
        assertTrue(run.err().contains("disabled version " + ProbeRig.NEW), run.err());
        assertTrue(run.err().contains("re-enabled version " + ProbeRig.NEW), run.err());
    }

    @Test
    void theTagOnTheKeyIsWrittenBeforeTheDisableAndNamesVersionWhoAndDeadline() throws Exception {
        rig.vault.tag(ProbeRig.KEY, ProbeRig.NEW, Map.of("owner", "team-a"));
        AtomicInteger seen = new AtomicInteger();
        rig.vault.server().failNext(r -> {
            if (r.method().equals("PATCH") && r.body().contains("\"enabled\":false")) {
                String tag = rig.vault.tags(ProbeRig.KEY, ProbeRig.NEW).getOrDefault("cmkv-probe", "");
                if (tag.startsWith("version=" + ProbeRig.NEW + ";disabledAt=" + ProbeRig.START + ";deadline="
                        + ProbeRig.START.plus(Duration.ofMinutes(30))) && tag.contains(";who=")) {
                    seen.incrementAndGet();
                }
            }
            return false;
        }, 1, null);
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(0, run.exit(), run.err());
        assertEquals(1, seen.get(), "the tag was on the version when the disable arrived");
        assertEquals(Map.of("owner", "team-a"), rig.vault.tags(ProbeRig.KEY, ProbeRig.NEW),
                "the version's own tags are kept, the probe's removed");
    }

    @Test
    void aServiceThatKeepsSucceedingOnTheDisabledVersionShowsNoEffectCountedFromTheNoticeTime() throws Exception {
        rig.service(ProbeRig.Service.UNAFFECTED);
        CliEndToEndTest.Run run = probe("PT20M");
        assertEquals(1, run.exit(), run.err());
        JsonNode f = finding(run);
        assertEquals("PROBE_NO_EFFECT", f.path("code").asText());
        // One success a minute; counted only from the disable plus SQL's 10 minutes to the re-enable at 20.
        assertEquals(11, f.path("evidence").path("successesWhileDisabled").asLong());
        assertEquals(ProbeRig.START.plus(Duration.ofMinutes(10)).toString(),
                f.path("evidence").path("countedFrom").asText());
        assertTrue(rig.newestEnabled());
        assertEquals(2, rig.enableChanges());
    }

    @Test
    void successesOnAnotherVersionNeverCountAsNoEffect() throws Exception {
        rig.service(ProbeRig.Service.USES_OLD_VERSION);
        CliEndToEndTest.Run run = probe("PT20M");
        assertEquals(3, run.exit(), run.err());
        JsonNode f = finding(run);
        assertEquals("PROBE_INCONCLUSIVE", f.path("code").asText());
        assertEquals(0, f.path("evidence").path("successesWhileDisabled").asLong());
    }

    @Test
    void anIdleServiceIsInconclusiveAndTheVersionIsReEnabledAtTheDeadline() throws Exception {
        rig.service(ProbeRig.Service.IDLE);
        CliEndToEndTest.Run run = probe("PT10M");
        assertEquals(3, run.exit(), run.err());
        assertEquals("PROBE_INCONCLUSIVE", finding(run).path("code").asText());
        assertEquals("INCONCLUSIVE", run.json().path("results").get(0).path("status").asText());
        assertTrue(rig.newestEnabled());
        assertEquals(2, rig.enableChanges());
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
    void anIncompleteLogAnswerDuringTheOutageIsInconclusiveNeverProof() throws Exception {
        rig.logs.server().failNext(r -> FakeLogAnalytics.isFor(r, ProbeRig.WORKSPACE) && rig.enableChanges() > 0,
                1000, FakeLogAnalytics.partialError());
        CliEndToEndTest.Run run = probe("PT10M");
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
        assertEquals(3, rig.enableChanges(), "disable, the re-enable that got 503, its retry");
        assertTrue(rig.newestEnabled());
        assertEquals(0, recordFiles());
    }

    @Test
    void aReEnableThatKeepsFailingRetriesUntilTheDeadlinePlusFifteenMinutesSaysSoAndRestoreFixesIt() throws Exception {
        rig.vault.server().failNext(r -> r.method().equals("PATCH") && r.body().contains("\"enabled\":true"), 100_000,
                Reply.error(503, "ServiceUnavailable", "The service is unavailable."));
        CliEndToEndTest.Run run = probe("PT10M");
        assertEquals(1, run.exit(), run.err());
        assertFalse(rig.newestEnabled());
        assertTrue(run.err().contains("IS STILL DISABLED"), run.err());
        assertTrue(run.err().contains("cmkv probe --live --restore"), run.err());
        JsonNode result = run.json().path("results").get(0);
        assertEquals("FAILED", result.path("status").asText());
        assertTrue(result.toString().contains("KEY_DISABLED"), result.toString());
        // The first failure ends the outage after a minute; attempts every 10 s until the deadline (10 min) + 15 min.
        long attempts = rig.vault.server().count(r -> r.method().equals("PATCH") && r.body().contains("\"enabled\":true"));
        assertEquals(2 * (24 * 6 + 1), attempts, "each attempt is the SDK's request and its one retry");
        assertEquals(1, recordFiles(), "the restore record stays for --restore");
        Path record;
        try (Stream<Path> files = Files.list(rig.records())) {
            record = files.findFirst().orElseThrow();
        }
        assertTrue(Files.readString(record).contains("cmkv probe --live --restore"), Files.readString(record));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rig.records())));
        assertTrue(rig.vault.tags(ProbeRig.KEY, ProbeRig.NEW).containsKey("cmkv-probe"), "the key says it is held");

        rig.vault.server().clearFaults();
        CliEndToEndTest.Run restore = rig.cmkv("probe", "--live", "--restore", "--records", rig.records().toString());
        assertEquals(0, restore.exit(), restore.err());
        assertTrue(rig.newestEnabled());
        assertTrue(restore.err().contains("re-enabled and confirmed"), restore.err());
        assertEquals(0, recordFiles());
        assertFalse(rig.vault.tags(ProbeRig.KEY, ProbeRig.NEW).containsKey("cmkv-probe"));
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
                new Probe.Settings(Duration.ofMinutes(30), Duration.ofMinutes(1), "tester"), rig.clock, rig.sleeper,
                rig.watchdogSleeper, ExitHooks.JVM, progress::add);
        rig.service(ProbeRig.Service.IDLE);
        Probe.Result result = probe.run(target);
        assertTrue(result.restored());
        assertTrue(rig.newestEnabled());
        assertEquals(2, rig.enableChanges());
        assertEquals(2, reads.get(), "the probe stops observing at the first exception");
        assertEquals(VerdictStatus.INCONCLUSIVE, result.verdict().status());
        assertEquals(List.of(FindingCode.PROBE_INCONCLUSIVE),
                result.verdict().findings().stream().map(f -> f.code()).toList());
        assertTrue(result.verdict().findings().get(0).message().contains("observer broke"));
        assertEquals(0, recordFiles());
    }

    @Test
    void aPersonWithoutTheRoleToUpdateKeysIsToldWhichRoleAndNothingIsDisabled() throws Exception {
        rig.vault.server().failNext(r -> r.method().equals("PATCH"), 1,
                Reply.error(403, "Forbidden", "Caller is not authorized to perform action on resource."));
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("Key Vault Crypto Officer"), run.err());
        assertTrue(run.err().contains("confirmed enabled"), run.err());
        assertEquals(1, rig.updates(), "the denied tag write; no disable follows it");
        assertEquals(0, rig.enableChanges());
        assertTrue(rig.newestEnabled());
        assertEquals(0, recordFiles());
    }

    @Test
    void anAlreadyDisabledVersionIsRefusedWithoutAnyWrite() throws Exception {
        rig.newestDisabledBefore();
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("is not enabled now"), run.err());
        assertEquals(0, rig.updates());
        assertEquals(0, recordFiles());
    }

    @Test
    void anUntaggedResourceIsRefusedBeforeAnyRequest() {
        CliEndToEndTest.Run run = probeWith(rig.registry(SQL, "{\"owner\": \"team-a\"}"), "PT30M");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("not tagged as a test environment"), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void conflictingRegistryTagsAreRefusedBeforeAnyRequest() {
        CliEndToEndTest.Run run = probeWith(rig.registry(SQL, "{\"Environment\": \"Production\", \"env\": \"dev\"}"),
                "PT30M");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Environment=Production"), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void aRegistryThatSaysTestIsOverruledByAzuresProductionTags() {
        Path registry = rig.registry(SQL, TEST_TAGS);
        rig.describe("app-test", SQL, "{\"env\": \"test\", \"Environment\": \"Production\"}", ProbeRig.PRINCIPAL);
        rig.azure.add(ProbeRig.row("/subscriptions/" + ProbeRig.SUB + "/resourceGroups/rg-keys",
                "microsoft.resources/subscriptions/resourcegroups", "{\"stage\": \"live\"}"));
        rig.azure.removeIf(r -> r.path("tags").isEmpty() && r.path("id").asText().endsWith("rg-keys"));
        CliEndToEndTest.Run run = probeWith(registry, "PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("Environment=Production"), run.err());
        assertTrue(run.err().contains("the vault's resource group") && run.err().contains("stage=live"), run.err());
        assertEquals(0, rig.updates());
    }

    @Test
    void aSharedKeyInAnUnregisteredProductionResourceIsRefusedAndNamed() {
        Path registry = rig.registry(SQL, TEST_TAGS);
        rig.describe("st-prod-orders", STORAGE, "{\"env\": \"prod\"}", "1b2c3d4e-0000-4000-8000-000000000001");
        rig.describe("st-untagged", STORAGE, "{}", "1b2c3d4e-0000-4000-8000-000000000002");
        rig.describe("st-test-2", STORAGE, "{\"env\": \"test\"}", "1b2c3d4e-0000-4000-8000-000000000003");
        CliEndToEndTest.Run run = probeWith(registry, "PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("st-prod-orders") && run.err().contains("st-untagged"), run.err());
        assertFalse(run.err().contains("st-test-2"), run.err());
        assertEquals(0, rig.updates());
    }

    @Test
    void aScopeThatCannotBeReadFullyRefuses() {
        Path registry = rig.registry(SQL, TEST_TAGS);
        rig.graphServerFails(Reply.error(403, "AuthorizationFailed", "The client does not have authorization to"
                + " perform action 'Microsoft.ResourceGraph/resources/read'."));
        CliEndToEndTest.Run run = probeWith(registry, "PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("cannot see every user of this key"), run.err());
        assertEquals(0, rig.updates());
    }

    @Test
    void anIdentityOutsideTheKnownUsersThatUsedTheVersionRefusesAndIsNamed() {
        rig.history(SampleRecords.unwrap(ProbeRig.START.minus(Duration.ofDays(3)), ProbeRig.KEY, ProbeRig.NEW,
                "9e8d7c6b-0000-4000-8000-00000000beef", 200));
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("9e8d7c6b-0000-4000-8000-00000000beef"), run.err());
        assertEquals(0, rig.updates());
    }

    @Test
    void anUnobservableResourceIsNeverTouchedAndEveryReasonIsListed() throws Exception {
        Path registry = rig.registry(SQL, TEST_TAGS);
        rig.logs.server().failNext(r -> true, 1000, Reply.error(403, "InsufficientAccessError",
                "The provided credentials have insufficient access to perform the requested operation"));
        CliEndToEndTest.Run run = probeWith(registry, "PT1S");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("nothing to observe"), run.err());
        assertTrue(run.err().contains("--max-outage PT1S is shorter"), run.err());
        assertEquals(0, rig.updates());
        assertEquals(0, recordFiles());
    }

    @Test
    void aResourceWhoseIdentityNeverUsedTheVersionHasNothingToObserve() {
        rig.service(ProbeRig.Service.USES_OLD_VERSION);
        rig.history(null);
        CliEndToEndTest.Run run = probe("PT30M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("did not use version " + ProbeRig.NEW), run.err());
        assertEquals(0, rig.updates());
    }

    @Test
    void anOutageOfOneSecondIsRefusedWithoutAnyWrite() {
        CliEndToEndTest.Run run = probe("PT1S");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("--max-outage PT1S is shorter") && run.err().contains("PT10M"), run.err());
        assertEquals(0, rig.updates());
    }

    @Test
    void anOutageLongerThanSqlsSelfHealWindowIsRefused() {
        CliEndToEndTest.Run run = probe("PT31M");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("heals by itself") && run.err().contains("PT30M"), run.err());
        assertEquals(0, rig.updates());
    }

    @Test
    void anotherIdentityFailingDuringTheOutageStopsItAtOnceAndIsNamed() throws Exception {
        String other = "1b2c3d4e-0000-4000-8000-0000000000aa";
        Path registry = rig.registry(SQL, TEST_TAGS);
        rig.describe("st-test-shared", STORAGE, "{\"env\": \"test\"}", other);
        rig.service(ProbeRig.Service.IDLE).alsoCalling(other);
        CliEndToEndTest.Run run = probeWith(registry, "PT30M");
        assertEquals(3, run.exit(), run.err());
        assertTrue(run.err().contains("STOPPING EARLY") && run.err().contains(other), run.err());
        JsonNode f = finding(run);
        assertTrue(f.path("evidence").path("otherIdentitiesFailing").toString().contains(other), f.toString());
        assertEquals(ProbeRig.START.plusSeconds(60).toString(), f.path("evidence").path("reenabledAt").asText(),
                "re-enabled at the first poll that saw it");
        assertTrue(rig.newestEnabled());
    }

    @Test
    void aReadBackWithoutAnEnabledFieldIsNotTakenForEnabled() {
        rig.vault.server().failNext(r -> r.method().equals("GET") && r.path().endsWith(ProbeRig.NEW), 1,
                Reply.json(200, "{\"key\": {\"kid\": \"https://" + ProbeRig.KEY.vaultHost() + "/keys/"
                        + ProbeRig.KEY.keyName() + "/" + ProbeRig.NEW + "\", \"kty\": \"RSA\"}, \"attributes\": {}}"));
        assertFalse(rig.sources().versionSwitch().read(ProbeRig.KEY, ProbeRig.NEW).enabled());
    }

    @Test
    void restoreFromAnotherMachineFollowsTheTagOnTheKey() {
        rig.newestDisabledBefore();
        rig.vault.tag(ProbeRig.KEY, ProbeRig.NEW, Map.of("owner", "team-a", "cmkv-probe", "version=" + ProbeRig.NEW
                + ";disabledAt=" + ProbeRig.START + ";deadline=" + ProbeRig.START.plusSeconds(1800) + ";who=ci@agent-7"));
        CliEndToEndTest.Run run = rig.cmkv("probe", "--live", "--restore", "--key", ProbeRig.KEY.toString(),
                "--records", dir.resolve("elsewhere").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("re-enabled and confirmed") && run.err().contains("ci@agent-7"), run.err());
        assertTrue(rig.newestEnabled());
        assertEquals(Map.of("owner", "team-a"), rig.vault.tags(ProbeRig.KEY, ProbeRig.NEW));
        assertEquals(2, rig.updates(), "the re-enable and the tag's removal");
    }

    @Test
    void aStaleRecordForAVersionDisabledOnPurposeSinceIsNotReEnabled() throws Exception {
        rig.newestDisabledBefore();
        new RestoreRecordFiles(rig.records()).write(new RestoreRecord("app-test", ProbeRig.KEY, ProbeRig.NEW, "me@old",
                ProbeRig.START.minus(Duration.ofDays(30)), ProbeRig.START.minus(Duration.ofDays(30)).plusSeconds(1800)));
        CliEndToEndTest.Run run = rig.cmkv("probe", "--live", "--restore", "--records", rig.records().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("not re-enabled"), run.err());
        assertFalse(rig.newestEnabled(), "disabled on purpose since the probe ended: left alone");
        assertEquals(0, rig.updates());
        assertEquals(0, recordFiles(), "the stale record is gone");
    }

    @Test
    void aStrayFileIsSkippedWithANoteAndTheRealRecordIsRestored() throws Exception {
        rig.newestDisabledBefore();
        RestoreRecord held = new RestoreRecord("app-test", ProbeRig.KEY, ProbeRig.NEW, "me@laptop", ProbeRig.START,
                ProbeRig.START.plusSeconds(1800));
        rig.vault.tag(ProbeRig.KEY, ProbeRig.NEW, held.taggedOnto(Map.of()));
        new RestoreRecordFiles(rig.records()).write(held);
        Files.writeString(rig.records().resolve("notes.json"), "{ this is not a record");
        CliEndToEndTest.Run run = rig.cmkv("probe", "--live", "--restore", "--records", rig.records().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("skipped") && run.err().contains("notes.json"), run.err());
        assertTrue(rig.newestEnabled());
        assertEquals(1, recordFiles(), "only the stray file is left");
    }

    @Test
    void aBlockedPollPastTheDeadlineDoesNotHoldTheKey() throws Exception {
        Path registry = rig.registry(SQL, TEST_TAGS);
        rig.service(ProbeRig.Service.IDLE);
        // The first read while disabled never answers (as a query stuck behind its timeouts and retries would).
        rig.logs.server().delayNext(r -> FakeLogAnalytics.isFor(r, ProbeRig.WORKSPACE) && !rig.newestEnabled(), 1,
                Duration.ofMinutes(10));
        java.util.concurrent.CompletableFuture<CliEndToEndTest.Run> running = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> probeWith(registry, "PT10M"));
        awaitTrue(() -> rig.logs.queries(ProbeRig.WORKSPACE, "activity") >= 2, "the stalled poll");
        assertFalse(rig.newestEnabled());
        rig.clock.advance(Duration.ofMinutes(10));
        awaitTrue(rig::newestEnabled, "the watchdog's re-enable");
        assertFalse(running.isDone(), "the observer is still blocked when the watchdog re-enables");
        assertEquals(2, rig.enableChanges());
        rig.logs.close();
        CliEndToEndTest.Run run = running.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertTrue(run.err().contains("deadline") && run.err().contains("reached"), run.err());
        assertTrue(rig.newestEnabled());
        assertEquals(0, recordFiles());
    }

    /** Waits for something another thread brings about; the bound only turns a hang into a failure. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anotherUntaggedResourceOnTheSameKeyIsRefusedAndNamedBeforeAnyRequest() {
        Path registry = rig.registry(SQL, TEST_TAGS,
                ProbeRig.entry("sql-prod", "Microsoft.Sql/servers", "{\"environment\": \"production\"}"),
                ProbeRig.entry("app-dev", STORAGE, "{\"env\": \"dev\"}"));
        CliEndToEndTest.Run run = probeWith(registry, "PT30M");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("sql-prod"), run.err());
        assertFalse(run.err().contains("app-dev"), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void aWrongConfirmationIsRefusedBeforeAnyRequest() {
        Path registry = rig.registry(SQL, TEST_TAGS);
        CliEndToEndTest.Run run = rig.cmkv("probe", "--registry", registry.toString(), "--resource", "app-test",
                "--live", "--confirm", "app-tes", "--records", rig.records().toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--confirm must repeat"), run.err());
        assertEquals(0, rig.azureRequests());
    }

    @Test
    void withoutLiveTheProbeRefusesBeforeAnyRequest() {
        Path registry = rig.registry(SQL, TEST_TAGS);
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
        CliEndToEndTest.Run run = rig.cmkv("probe", "--registry", rig.registry(SQL, TEST_TAGS).toString(),
                "--resource", "app-test", "--live", "--confirm", "app-test", "--records", rig.records().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("PROBE_DEPENDENCY_PROVEN"), run.out());
    }
}
