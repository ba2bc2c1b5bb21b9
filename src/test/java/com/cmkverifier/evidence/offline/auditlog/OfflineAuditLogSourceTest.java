package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.SkippedInput;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static com.cmkverifier.evidence.offline.EvidenceFixtures.STG_CMK;
import static com.cmkverifier.evidence.offline.EvidenceFixtures.V1;
import static com.cmkverifier.evidence.offline.EvidenceFixtures.fixture;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.MAY_14;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.STORY_BLOB;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.groups;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.gzip;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineAuditLogSourceTest {

    private static final Caller STORAGE_IDENTITY = new Caller("11111111-1111-1111-1111-111111111111",
            "22222222-2222-2222-2222-222222222222", "/subscriptions/00000000-0000-0000-0000-000000000000"
            + "/resourcegroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-stcmkdata");
    private static final Caller RESOURCE_GRAPH = new Caller("33333333-3333-3333-3333-333333333333",
            "509e4652-da8d-478d-a730-e9d4a1996ca4", null);
    /** The three records every file under audit/story/ holds, in its own shape. */
    private static final Set<ActivityGroup> STORY = Set.of(
            new ActivityGroup(V1, STORAGE_IDENTITY, "KeyUnwrap", 200, null, 1,
                    Instant.parse("2024-05-14T10:00:00.1234567Z"), Instant.parse("2024-05-14T10:00:00.1234567Z")),
            new ActivityGroup(V1, STORAGE_IDENTITY, "KeyUnwrap", 403,
                    "Operation unwrapKey is not allowed on a disabled key.", 1,
                    Instant.parse("2024-05-14T10:05:00.5Z"), Instant.parse("2024-05-14T10:05:00.5Z")),
            new ActivityGroup(null, RESOURCE_GRAPH, "KeyGet", 200, null, 1,
                    Instant.parse("2024-05-14T10:10:00Z"), Instant.parse("2024-05-14T10:10:00Z")));
    private static final Window EVER = new Window(Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("2100-01-01T00:00:00Z"));

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {STORY_BLOB, "audit/story/records-pretty.json", "audit/story/eventhub-records-per-line.json",
            "audit/story/records-array.json", "audit/story/azurediagnostics.csv",
            "audit/story/azurediagnostics-reordered.csv", "audit/story/azurediagnostics-az.json",
            "audit/story/azkvauditlogs.csv", "audit/story/azkvauditlogs-az.json"})
    void everyShapeYieldsTheSameActivity(String file) {
        AuditActivity a = readAll(fixture(file));
        assertEquals(Map.of(STG_CMK, STORY), groups(a));
        assertEquals(0, a.inputs().skipped());
    }

    @ParameterizedTest
    @ValueSource(strings = {STORY_BLOB, "audit/story/records-pretty.json", "audit/story/eventhub-records-per-line.json",
            "audit/story/records-array.json", "audit/story/azurediagnostics.csv", "audit/story/azkvauditlogs-az.json"})
    void gzipIsDetectedByContentWhateverTheFileName(String file) {
        Path compressed = gzip(fixture(file), temp.resolve("export.bin"));
        assertEquals(Map.of(STG_CMK, STORY), groups(readAll(compressed)));
    }

    @Test
    void vaultNameComesFromTheResourceId() {
        assertEquals(Set.of("kv-cmk-prod"), readAll(fixture(STORY_BLOB)).vaultsWithRecords());
    }

    @Test
    void azureDiagnosticsRowsOfOtherProvidersAreNotRecords() {
        AuditActivity a = readAll(fixture("audit/story/azurediagnostics.csv"));
        assertEquals(3, a.inputs().records());
        assertEquals(0, a.inputs().skipped());
    }

    @Test
    void idWithPortAndUpperCaseHostNamesTheSameKey() {
        List<ActivityGroup> g = readAll(fixture("audit/quirks/PT1H.json"))
                .groupsFor(new KeyId("kv-cmk-prod.vault.azure.net", "port-key"));
        assertEquals(1, g.size());
        assertEquals(V1, g.get(0).version());
    }

    @Test
    void idWithTrailingSlashNamesTheKeyWithoutAVersion() {
        List<ActivityGroup> g = readAll(fixture("audit/quirks/PT1H.json"))
                .groupsFor(new KeyId("kv-cmk-prod.vault.azure.net", "slash-key"));
        assertEquals(1, g.size());
        assertNull(g.get(0).version());
    }

    @Test
    void deletedKeysPathNamesTheSameKey() {
        List<ActivityGroup> g = readAll(fixture("audit/quirks/PT1H.json"))
                .groupsFor(new KeyId("kv-cmk-prod.vault.azure.net", "deleted-key"));
        assertEquals("KeyGetDeleted", g.get(0).operation());
    }

    @Test
    void keyIsTakenFromTheRequestUriWhenIdIsAbsent() {
        List<ActivityGroup> g = readAll(fixture("audit/quirks/PT1H.json"))
                .groupsFor(new KeyId("kv-cmk-prod.vault.azure.net", "uri-key"));
        assertEquals(V1, g.get(0).version());
    }

    @Test
    void managedHsmShapeWithTopLevelStatusAndIdentityAsStringIsRead() {
        List<ActivityGroup> g = readAll(fixture("audit/quirks/PT1H.json"))
                .groupsFor(new KeyId("hsm-cmk.managedhsm.azure.net", "hsm-key"));
        assertEquals(200, g.get(0).httpStatus());
        assertEquals(new Caller(null, "44444444-4444-4444-4444-444444444444", null), g.get(0).caller());
    }

    @Test
    void vaultNameFallsBackToTheKeyHostWithoutResourceId() {
        assertTrue(readAll(fixture("audit/quirks/PT1H.json")).vaultHasRecords("hsm-cmk"));
    }

    @Test
    void authenticationChallengeWithEmptyIdentityIsAnAnonymousCaller() {
        ActivityGroup g = readAll(fixture("audit/quirks/PT1H.json")).groupsFor(STG_CMK).get(0);
        assertEquals(401, g.httpStatus());
        assertEquals(Caller.NONE, g.caller());
    }

    @Test
    void timeWithAnOffsetIsNormalisedToUtc() {
        ActivityGroup g = readAll(fixture("audit/quirks/PT1H.json"))
                .groupsFor(new KeyId("kv-cmk-prod.vault.azure.net", "offset-key")).get(0);
        assertEquals(Instant.parse("2024-05-14T09:06:00Z"), g.first());
    }

    @Test
    void statusGivenAsAStringIsRead() {
        ActivityGroup g = readAll(fixture("audit/quirks/PT1H.json"))
                .groupsFor(new KeyId("kv-cmk-prod.vault.azure.net", "offset-key")).get(0);
        assertEquals(200, g.httpStatus());
    }

    @Test
    void realVaultGetRecordsWithRedactedIdsAreKept() {
        AuditActivity a = new OfflineAuditLogSource(List.of(fixture("real-records/microsoft-docs-vaultget.jsonl")),
                ReadProgress.NONE).readAll(EVER);
        assertEquals(3, a.inputs().records());
        assertEquals(Set.of("contosokeyvault"), a.vaultsWithRecords());
    }

    @Test
    void realManagedHsmSampleIsKept() {
        AuditActivity a = new OfflineAuditLogSource(List.of(fixture("real-records/microsoft-docs-managed-hsm.jsonl")),
                ReadProgress.NONE).readAll(EVER);
        assertEquals(1, a.inputs().records());
        assertEquals(0, a.inputs().skipped());
    }

    @Test
    void malformedLinesAreSkippedAndReportedWithFileAndLine() {
        AuditActivity a = readAll(fixture("audit/malformed/PT1H.json"));
        assertEquals(5, a.inputs().skipped());
        assertEquals(List.of(2L, 3L, 4L, 5L, 8L), a.inputs().skippedDetails().stream().map(SkippedInput::line).toList());
        assertTrue(a.inputs().skippedDetails().stream().allMatch(s -> s.file().endsWith("PT1H.json")));
    }

    @Test
    void malformedLinesNeverCountAsEvidence() {
        AuditActivity a = readAll(fixture("audit/malformed/PT1H.json"));
        assertEquals(2, a.inputs().records());
        assertEquals(2, a.groupsFor(STG_CMK).stream().mapToLong(ActivityGroup::count).sum());
    }

    @Test
    void aPartiallyWrittenLastLineIsASkipNotASourceIssue() {
        AuditActivity a = readAll(fixture("audit/malformed/PT1H.json"));
        assertTrue(a.issues().isEmpty());
        assertTrue(a.inputs().skippedDetails().get(4).reason().contains("not valid JSON"));
    }

    @Test
    void unreadableRandomBytesAreOneSkip() throws IOException {
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        noise[0] = 0;
        Path file = Files.write(temp.resolve("noise.dat"), noise);
        AuditActivity a = readAll(file);
        assertEquals(1, a.inputs().skipped());
        assertTrue(a.issues().isEmpty());
    }

    @Test
    void malformedCsvRowIsSkippedWithItsLine() throws IOException {
        List<String> lines = Files.readAllLines(fixture("audit/story/azkvauditlogs.csv"));
        List<String> broken = new ArrayList<>(lines);
        broken.add(2, lines.get(1).replace("2024-05-14T10:00:00.1234567Z", "garbage"));
        AuditActivity a = readAll(Files.write(temp.resolve("rows.csv"), broken));
        assertEquals(List.of(3L), a.inputs().skippedDetails().stream().map(SkippedInput::line).toList());
        assertEquals(3, a.inputs().records());
    }

    @Test
    void malformedRecordInsideAPrettyPrintedRecordsDocumentIsSkippedWithItsLine() throws IOException {
        String first = Files.readAllLines(fixture(STORY_BLOB)).get(0);
        Path file = Files.writeString(temp.resolve("records.json"),
                "{\n  \"records\": [\n    " + first + ",\n    {\"operationName\": \"KeyGet\"}\n  ]\n}\n");
        AuditActivity a = readAll(file);
        assertEquals(List.of(4L), a.inputs().skippedDetails().stream().map(SkippedInput::line).toList());
        assertEquals(1, a.inputs().records());
    }

    @Test
    void csvWithAByteOrderMarkAndPortalTimeHeaderIsRead() throws IOException {
        String csv = Files.readString(fixture("audit/story/azkvauditlogs.csv"))
                .replaceFirst("TimeGenerated", "TimeGenerated [UTC]");
        Path file = Files.writeString(temp.resolve("portal.csv"), "\uFEFF" + csv);
        assertEquals(Map.of(STG_CMK, STORY), groups(readAll(file)));
    }

    @Test
    void truncatedGzipBlobRaisesASourceIssueForItsVault() throws IOException {
        Path blob = truncatedGzip(temp.resolve(STORY_BLOB));
        List<SourceIssue> issues = readAll(blob).issues();
        assertEquals(1, issues.size());
        assertEquals("kv-cmk-prod", issues.get(0).vaultName());
        assertTrue(issues.get(0).message().contains("could not be read completely"));
    }

    @Test
    void truncatedGzipOutsideAnArchivePathConcernsEveryResource() throws IOException {
        SourceIssue issue = readAll(truncatedGzip(temp.resolve("export.json.gz"))).issues().get(0);
        assertNull(issue.vaultName());
        assertNull(issue.workspaceId());
    }

    @Test
    void truncatedGzipKeepsTheRecordsReadBeforeTheBreak() throws IOException {
        AuditActivity a = readAll(truncatedGzip(temp.resolve("export.json.gz")));
        assertTrue(a.inputs().records() > 0 && a.inputs().records() < 3000, "records: " + a.inputs().records());
    }

    @Test
    void syntaxErrorInsideAStreamedArrayRaisesASourceIssue() throws IOException {
        String first = Files.readAllLines(fixture(STORY_BLOB)).get(0);
        Path file = Files.writeString(temp.resolve("array.json"), "[\n" + first + ",\n{\"time\": \"2024-05-14T1");
        AuditActivity a = readAll(file);
        assertEquals(1, a.inputs().records());
        assertEquals(1, a.issues().size());
    }

    @Test
    void readKeepsActivityOfTheResourcesKeysOnly() {
        ProtectedResource r = new ProtectedResource("stcmkdata", "Microsoft.Storage/storageAccounts", null,
                KeyReference.parse("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk"), null, null, null, null,
                null, null, null);
        AuditActivity a = new OfflineAuditLogSource(List.of(fixture("audit/quirks/PT1H.json")), ReadProgress.NONE)
                .read(List.of(r), MAY_14);
        assertEquals(Set.of(STG_CMK), a.groupsByKey().keySet());
    }

    @Test
    void directoriesAreReadRecursively() {
        assertEquals(9, readAll(fixture("audit/story")).inputs().files());
    }

    @Test
    void progressIsReportedAfterEveryFile() {
        List<String> calls = new ArrayList<>();
        new OfflineAuditLogSource(List.of(fixture("audit/story")), (done, total) -> calls.add(done + "/" + total))
                .readAll(MAY_14);
        assertEquals(9, calls.size());
        assertEquals("9/9", calls.get(8));
    }

    @Test
    void aMissingInputIsRejectedNamingThePath() {
        Path missing = temp.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OfflineAuditLogSource(List.of(missing), ReadProgress.NONE));
        assertTrue(e.getMessage().contains(missing.toString()));
    }

    /** 3000 story records, gzip-compressed, cut in the middle of the compressed stream. */
    private Path truncatedGzip(Path target) throws IOException {
        String blob = Files.readString(fixture(STORY_BLOB));
        Path plain = Files.writeString(temp.resolve("plain.json"), blob.repeat(1000), StandardCharsets.UTF_8);
        Path gz = gzip(plain, target);
        byte[] bytes = Files.readAllBytes(gz);
        return Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
}
