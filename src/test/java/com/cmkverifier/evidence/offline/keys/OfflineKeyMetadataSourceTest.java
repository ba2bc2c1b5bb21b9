package com.cmkverifier.evidence.offline.keys;

import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.activity.SkippedInput;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.evidence.offline.EvidenceFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static com.cmkverifier.evidence.offline.EvidenceFixtures.STG_CMK;
import static com.cmkverifier.evidence.offline.EvidenceFixtures.V1;
import static com.cmkverifier.evidence.offline.EvidenceFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineKeyMetadataSourceTest {

    private static final String V2 = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path temp;

    private static KeyLookup lookup(KeyId key, String... inputs) {
        return OfflineKeyMetadataSource.read(List.of(inputs).stream().map(EvidenceFixtures::fixture).toList())
                .lookup(key, Set.of());
    }

    private static KeyLookup.Found found(String... inputs) {
        return assertInstanceOf(KeyLookup.Found.class, lookup(STG_CMK, inputs));
    }

    private static KeyVersion v1(String... inputs) {
        return found(inputs).version(V1).orElseThrow();
    }

    @Test
    void restBundleAndAzShowGiveEqualKeyVersions() {
        assertEquals(v1("keys/rest/stg-cmk-v1.json"), v1("keys/az/stg-cmk-v1-show.json"));
    }

    @Test
    void bundleGivesTypeOperationsAndModulusSize() {
        KeyVersion v = v1("keys/rest/stg-cmk-v1.json");
        assertEquals("RSA", v.keyType());
        assertEquals(2048, v.keySizeBits());
        assertTrue(v.keyOps().contains("unwrapKey"));
    }

    @Test
    void bundleGivesAttributesFromEpochSeconds() {
        KeyVersion v = v1("keys/rest/stg-cmk-v1.json");
        assertEquals(Instant.parse("2024-05-01T00:00:00Z"), v.created());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), v.expires());
        assertEquals(Boolean.TRUE, v.enabled());
        assertEquals("Recoverable", v.recoveryLevel());
    }

    @Test
    void modulusSizeIsItsUnsignedLengthDespiteALeadingZeroByte() {
        KeyLookup.Found f = assertInstanceOf(KeyLookup.Found.class,
                lookup(new KeyId("kv-cmk-prod.vault.azure.net", "padded"), "keys/rest/padded-modulus.json"));
        assertEquals(3072, f.versions().get(0).keySizeBits());
    }

    @Test
    void deletedKeyBundleIsADeletedKey() {
        KeyLookup l = lookup(new KeyId("kv-cmk-prod.vault.azure.net", "old-cmk"), "keys/rest");
        KeyLookup.Deleted d = assertInstanceOf(KeyLookup.Deleted.class, l);
        assertEquals(Instant.ofEpochSecond(1715000000), d.deletedDate());
    }

    @Test
    void keyAbsentFromTheEvidenceIsUnavailableNotDeleted() {
        KeyLookup l = lookup(new KeyId("kv-cmk-prod.vault.azure.net", "never-exported"), "keys");
        KeyLookup.Unavailable u = assertInstanceOf(KeyLookup.Unavailable.class, l);
        assertTrue(u.detail().contains("az keyvault key show"));
    }

    @Test
    void lastRestPageMarksTheVersionListComplete() {
        KeyLookup.Found f = found("keys/rest/stg-cmk-versions-page1.json", "keys/rest/stg-cmk-versions-page2.json");
        assertTrue(f.versionListComplete());
        assertEquals(2, f.versions().size());
    }

    @Test
    void restPageWithANextLinkLeavesTheVersionListIncomplete() {
        assertFalse(found("keys/rest/stg-cmk-versions-page1.json").versionListComplete());
    }

    @Test
    void singleBundleIsNotAVersionList() {
        assertFalse(found("keys/rest/stg-cmk-v1.json").versionListComplete());
    }

    @Test
    void azListVersionsIsACompleteVersionList() {
        assertTrue(found("keys/az/stg-cmk-list-versions.json").versionListComplete());
    }

    @Test
    void versionKnownOnlyFromAListHasDatesButNoDetails() {
        KeyVersion v2 = found("keys/az/stg-cmk-list-versions.json").version(V2).orElseThrow();
        assertEquals(Instant.parse("2024-06-01T00:00:00Z"), v2.created());
        assertFalse(v2.detailed());
    }

    @Test
    void descriptionsOfTheSameVersionAreMerged() {
        KeyLookup.Found f = found("keys/az");
        assertEquals(2, f.versions().size());
        assertTrue(f.version(V1).orElseThrow().detailed());
        assertTrue(f.versionListComplete());
    }

    @Test
    void pinnedVersionIsFoundFromAVersionList() {
        KeyLookup l = OfflineKeyMetadataSource.read(List.of(fixture("keys/rest"))).lookup(STG_CMK, Set.of(V2));
        assertTrue(assertInstanceOf(KeyLookup.Found.class, l).version(V2).isPresent());
    }

    @Test
    void malformedObjectsAreSkippedWithFileAndLine() {
        InputStats s = OfflineKeyMetadataSource.read(List.of(fixture("keys/malformed/mixed.json"))).stats();
        assertEquals(1, s.records());
        assertEquals(3, s.skipped());
        assertTrue(s.skippedDetails().stream().allMatch(d -> d.file().endsWith("mixed.json") && d.line() > 1));
    }

    @Test
    void unparseableDateIsReportedWithItsField() {
        InputStats s = OfflineKeyMetadataSource.read(List.of(fixture("keys/malformed/mixed.json"))).stats();
        assertTrue(s.skippedDetails().stream().map(SkippedInput::reason).anyMatch(r -> r.startsWith("created:")));
    }

    @Test
    void invalidJsonIsSkippedNotThrown() throws IOException {
        Path file = Files.writeString(temp.resolve("broken.json"), "{\"key\": {\"kid\": ");
        InputStats s = OfflineKeyMetadataSource.read(List.of(file)).stats();
        assertEquals(1, s.files());
        assertEquals(1, s.skipped());
    }

    @Test
    void truncatedVersionListArrayIsNotACompleteVersionList() throws IOException {
        String list = Files.readString(fixture("keys/az/stg-cmk-list-versions.json"));
        Path file = Files.writeString(temp.resolve("list.json"), list.substring(0, list.lastIndexOf("{")));
        KeyLookup.Found f = assertInstanceOf(KeyLookup.Found.class,
                OfflineKeyMetadataSource.read(List.of(file)).lookup(STG_CMK, Set.of()));
        assertFalse(f.versionListComplete());
        assertEquals(1, f.versions().size());
    }

    @Test
    void versionlessKeyListingRecordsNothing() throws IOException {
        Path file = Files.writeString(temp.resolve("keys.json"),
                "[{\"kid\": \"https://kv-cmk-prod.vault.azure.net/keys/stg-cmk\", \"attributes\": {\"enabled\": true}}]");
        OfflineKeyMetadataSource source = OfflineKeyMetadataSource.read(List.of(file));
        assertInstanceOf(KeyLookup.Unavailable.class, source.lookup(STG_CMK, Set.of()));
        assertEquals(0, source.stats().skipped());
    }

    @Test
    void missingInputIsRejectedNamingThePath() {
        Path missing = temp.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OfflineKeyMetadataSource.read(List.of(missing)));
        assertTrue(e.getMessage().contains(missing.toString()));
    }
}
