package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.testdata.Findings;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.RecordBuilder;
import com.cmkverifier.core.testdata.ResourceBuilder;
import com.cmkverifier.core.testdata.Scenario;
import com.cmkverifier.core.testdata.VersionBuilder;
import com.cmkverifier.core.verdict.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.cmkverifier.core.model.FindingCode.KEY_NOT_FOUND;
import static com.cmkverifier.core.model.FindingCode.KEY_USE_CONFIRMED;
import static com.cmkverifier.core.model.FindingCode.SOURCE_INCOMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the key metadata source answered: a missing answer is not a deleted key, and never a pass. */
class KeyLookupRulesTest {

    private static Scenario pinnedToOld() {
        return Scenario.of(ResourceBuilder.storage().pinned(Lab.V_OLD)).logs(RecordBuilder.unwrap().version(Lab.V_OLD));
    }

    @Test
    void anUnavailableKeySourceIsSourceIncompleteEvenWithProvenUse() {
        Verdict v = Scenario.healthy().lookup(new KeyLookup.Unavailable("403 from Key Vault")).verdict();
        assertEquals(Set.of(KEY_USE_CONFIRMED, SOURCE_INCOMPLETE), Findings.codes(v));
        assertEquals(VerdictStatus.INCONCLUSIVE, v.status());
        assertEquals(List.of("key metadata"), Findings.finding(v, SOURCE_INCOMPLETE).evidence().get("sources"));
    }

    @Test
    void aKeySourceWithoutAnswerForTheKeyIsSourceIncomplete() {
        Verdict v = Scenario.healthy().noKeyMetadata().verdict();
        assertTrue(v.has(SOURCE_INCOMPLETE));
        assertFalse(v.has(KEY_NOT_FOUND));
    }

    @Test
    void aDeletedKeyIsKeyNotFound() {
        Verdict v = Scenario.healthy().lookup(new KeyLookup.Deleted(Lab.AT.minusSeconds(60), "deletedDate present"))
                .verdict();
        assertTrue(v.has(KEY_NOT_FOUND));
        assertEquals(VerdictStatus.FAILED, v.status());
    }

    @Test
    void aKeyTheVaultDoesNotKnowIsKeyNotFound() {
        Verdict v = Scenario.healthy().lookup(new KeyLookup.NotFound("KeyNotFound")).verdict();
        assertTrue(v.has(KEY_NOT_FOUND));
        assertFalse(v.has(SOURCE_INCOMPLETE));
    }

    @Test
    void aPinnedVersionAbsentFromACompleteVersionListIsKeyNotFound() {
        Verdict v = pinnedToOld().versions(VersionBuilder.newest().build()).verdict();
        assertTrue(v.has(KEY_NOT_FOUND));
        assertFalse(v.has(SOURCE_INCOMPLETE));
        assertEquals(VerdictStatus.FAILED, v.status());
    }

    @Test
    void aPinnedVersionAbsentFromAnIncompleteExportIsSourceIncomplete() {
        Verdict v = pinnedToOld().partialVersions(VersionBuilder.newest().build()).verdict();
        assertTrue(v.has(SOURCE_INCOMPLETE));
        assertFalse(v.has(KEY_NOT_FOUND));
        assertEquals(VerdictStatus.INCONCLUSIVE, v.status());
    }

    @Test
    void aPinnedVersionPresentInAnIncompleteExportIsEnough() {
        Verdict v = pinnedToOld().partialVersions(VersionBuilder.previous().build()).verdict();
        assertEquals(VerdictStatus.VERIFIED, v.status());
    }

    @Test
    void aKeyFoundWithoutAnyVersionIsSourceIncomplete() {
        Verdict v = Scenario.healthy().partialVersions().verdict();
        assertTrue(v.has(SOURCE_INCOMPLETE));
    }
}
