package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.AuditRouting;
import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.sources.ConfigurationSource;
import com.cmkverifier.core.testdata.Configured;
import com.cmkverifier.core.testdata.Findings;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.RecordBuilder;
import com.cmkverifier.core.testdata.ResourceBuilder;
import com.cmkverifier.core.testdata.Scenario;
import com.cmkverifier.core.testdata.VersionBuilder;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.core.verdict.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec section 9: configuration and audit evidence side by side. */
class ConfigurationRulesTest {

    private static final Set<FindingCode> CONFIGURATION_CODES = Set.of(FindingCode.CMK_NOT_CONFIGURED,
            FindingCode.KEY_MISMATCH, FindingCode.IDENTITY_MISMATCH, FindingCode.IDENTITY_SHARED,
            FindingCode.KEY_ACCESS_LOST, FindingCode.AUDIT_LOGS_NOT_ROUTED, FindingCode.RESOURCE_NOT_FOUND);

    @Test
    void aResourceAsAzureDescribesItIsVerifiedWithoutConfigurationFindings() {
        Verdict v = Scenario.healthy().configuration(Configured.storage().build()).verdict();
        assertEquals(Set.of(FindingCode.KEY_USE_CONFIRMED), Findings.codes(v));
        assertEquals(VerdictStatus.VERIFIED, v.status());
    }

    @Test
    void backOnMicrosoftKeysFailsEvenWhileTheIdentityStillUnwrapsAndShowsTheEvidenceBesideIt() {
        Verdict v = Scenario.healthy().configuration(Configured.storage().microsoftManaged().build()).verdict();
        assertEquals(VerdictStatus.FAILED, v.status());
        assertTrue(Findings.codes(v).containsAll(Set.of(FindingCode.CMK_NOT_CONFIGURED, FindingCode.KEY_USE_CONFIRMED)));
    }

    @Test
    void anotherKeyNameIsAMismatchButANewerVersionOfAVersionlessKeyIsNot() {
        Verdict other = Scenario.healthy().configuration(Configured.storage()
                .key("https://kv-cmk-dev.vault.azure.net/keys/stg-cmk").build()).verdict();
        assertEquals(VerdictStatus.FAILED, other.status());
        assertEquals(List.of("https://kv-cmk-dev.vault.azure.net/keys/stg-cmk"),
                Findings.finding(other, FindingCode.KEY_MISMATCH).evidence().get("configuredKeys"));
        Verdict rotated = Scenario.healthy().configuration(Configured.storage()
                .key(Lab.KEY_URL + "/" + Lab.V_NEW).build()).verdict();
        assertFalse(Findings.codes(rotated).contains(FindingCode.KEY_MISMATCH));
    }

    @Test
    void twoPinnedVersionsThatDifferAreAMismatch() {
        Verdict v = Scenario.of(ResourceBuilder.storage().pinned(Lab.V_OLD))
                .configuration(Configured.storage().key(Lab.KEY_URL + "/" + Lab.V_NEW).build()).verdict();
        assertTrue(Findings.codes(v).contains(FindingCode.KEY_MISMATCH));
    }

    @Test
    void anotherIdentityWarnsThatTheVerdictWatchesTheWrongCaller() {
        Verdict v = Scenario.healthy().configuration(Configured.storage().principal(Lab.STRANGER.objectId()).build())
                .verdict();
        assertEquals(VerdictStatus.WARNING, v.status());
        assertEquals(Lab.STRANGER.objectId(),
                Findings.finding(v, FindingCode.IDENTITY_MISMATCH).evidence().get("configuredPrincipalId"));
    }

    @Test
    void aClientIdIsNotComparedWithAnObjectId() {
        Verdict v = Scenario.of(ResourceBuilder.storage().principalId(null).clientId(Lab.CLIENT_ID))
                .logs(RecordBuilder.unwrap())
                .configuration(Configured.storage().build()).verdict();
        assertFalse(Findings.codes(v).contains(FindingCode.IDENTITY_MISMATCH));
    }

    @Test
    void serviceReportingItsKeyInaccessibleFails() {
        Verdict v = Scenario.healthy().configuration(Configured.storage().keyStatus("Invalid").build()).verdict();
        assertEquals(VerdictStatus.FAILED, v.status());
        assertTrue(Findings.finding(v, FindingCode.KEY_ACCESS_LOST).message().contains("Invalid"));
    }

    @Test
    void auditLogsGoingNowhereOrToAnotherWorkspaceAreNotRouted() {
        assertTrue(Findings.codes(Scenario.healthy().configuration(Configured.storage().auditNowhere().build())
                .verdict()).contains(FindingCode.AUDIT_LOGS_NOT_ROUTED));
        Verdict elsewhere = Scenario.of(ResourceBuilder.storage().workspace("ws-other"))
                .logs(RecordBuilder.unwrap())
                .configuration(Configured.storage().build()).verdict();
        assertTrue(Findings.codes(elsewhere).contains(FindingCode.AUDIT_LOGS_NOT_ROUTED));
    }

    @Test
    void aWorkspaceWhoseGuidIsUnknownIsNotJudged() {
        AzureConfiguration base = Configured.storage().build();
        AzureConfiguration unknown = new AzureConfiguration(base.resources(), Map.of(Lab.VAULT,
                new AuditRouting(Lab.VAULT, List.of(new AuditRouting.Destination("to-la", "/subscriptions/s/x", null,
                        null)))), base.completeSubscriptions(), true);
        Verdict v = Scenario.healthy().configuration(unknown).verdict();
        assertFalse(Findings.codes(v).contains(FindingCode.AUDIT_LOGS_NOT_ROUTED));
    }

    @Test
    void aSharedIdentityOnTheSameKeyWarnsAndNamesTheOtherResource() {
        String copy = Lab.RESOURCE_ID.replace("stcmkdata", "stcmkcopy");
        Verdict v = Scenario.healthy().configuration(Configured.storage().sharedWith(copy).build()).verdict();
        assertEquals(List.of(copy), Findings.finding(v, FindingCode.IDENTITY_SHARED).evidence().get("sharedWith"));
    }

    @Test
    void aResourceMissingFromACompleteDescriptionIsNotFound() {
        Verdict v = Scenario.healthy().configuration(Configured.storage().gone().build()).verdict();
        assertTrue(Findings.codes(v).contains(FindingCode.RESOURCE_NOT_FOUND));
    }

    @Test
    void aResourceMissingFromAnIncompleteDescriptionIsNotJudged() {
        AzureConfiguration gone = Configured.storage().gone().build();
        AzureConfiguration partial = new AzureConfiguration(gone.resources(), gone.routing(), Set.of(), true);
        Verdict v = Scenario.healthy().configuration(partial).verdict();
        assertFalse(Findings.codes(v).contains(FindingCode.RESOURCE_NOT_FOUND));
    }

    @Test
    void withoutConfigurationInTheEvidenceNoConfigurationFindingIsJudged() {
        Verdict v = Scenario.healthy().configuration(AzureConfiguration.NONE).verdict();
        assertTrue(Findings.codes(v).stream().noneMatch(CONFIGURATION_CODES::contains));
    }

    @Test
    void aConfigurationSourceThatFailsMakesTheVerdictInconclusiveNotPassed() {
        ConfigurationSource failing = resources -> {
            throw new IllegalStateException("Resource Graph answered 503");
        };
        Verdict v = new com.cmkverifier.core.verdict.VerificationService(
                (resources, w) -> Scenario.activity(List.of(RecordBuilder.unwrap().build())),
                (key, pinned) -> new KeyLookup.Found(
                        List.of(VersionBuilder.newest().build()), true),
                VerificationSettings.DEFAULTS, failing)
                .verify(new com.cmkverifier.core.model.Registry(List.of(ResourceBuilder.storage().build())),
                        List.of(ResourceBuilder.storage().build()), Lab.WINDOW, Lab.AT).verdicts().get(0);
        assertEquals(VerdictStatus.INCONCLUSIVE, v.status());
        assertTrue(Findings.finding(v, FindingCode.SOURCE_INCOMPLETE).message().contains("Resource Graph answered 503"));
    }
}
