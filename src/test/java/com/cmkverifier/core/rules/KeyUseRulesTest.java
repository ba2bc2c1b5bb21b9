package com.cmkverifier.core.rules;

import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.testdata.Findings;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.RecordBuilder;
import com.cmkverifier.core.testdata.ResourceBuilder;
import com.cmkverifier.core.testdata.Scenario;
import com.cmkverifier.core.verdict.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.cmkverifier.core.model.FindingCode.KEY_USE_CONFIRMED;
import static com.cmkverifier.core.model.FindingCode.KEY_USE_FAILING;
import static com.cmkverifier.core.model.FindingCode.KEY_USE_RECOVERED;
import static com.cmkverifier.core.model.FindingCode.NO_AUDIT_LOGS;
import static com.cmkverifier.core.model.FindingCode.NO_KEY_USE;
import static com.cmkverifier.core.model.FindingCode.SOURCE_INCOMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The findings read from audit activity: proof, failing, recovered, no use, no logs, incomplete logs. */
class KeyUseRulesTest {

    private static RecordBuilder denied() {
        return RecordBuilder.forbidden("KeyUnwrap").description("Operation unwrapKey is not allowed on a disabled key.");
    }

    @Nested
    class Proof {

        @Test
        void keyUseConfirmedCarriesOperationCountsFirstLastSuccessAndVersions() {
            Verdict v = Scenario.of(ResourceBuilder.storage()).logs(RecordBuilder.unwrap().hoursAgo(5).version(Lab.V_OLD),
                    RecordBuilder.unwrap().hoursAgo(3), RecordBuilder.operation("KeyWrap").hoursAgo(1)).verdict();
            Map<String, Object> e = Findings.finding(v, KEY_USE_CONFIRMED).evidence();
            assertEquals(Map.of("KeyUnwrap", 2L, "KeyWrap", 1L), e.get("operations"));
            assertEquals(Lab.AT.minusSeconds(5 * 3600).toString(), e.get("firstSuccess"));
            assertEquals(Lab.AT.minusSeconds(3600).toString(), e.get("lastSuccess"));
            assertEquals(List.of(Lab.V_OLD, Lab.V_NEW), e.get("versionsUsed"));
        }

        @Test
        void aSuccessfulWrapAloneCountsAsUse() {
            assertTrue(Scenario.of(ResourceBuilder.storage()).logs(RecordBuilder.operation("KeyWrap")).verdict()
                    .has(KEY_USE_CONFIRMED));
        }

        @Test
        void proofOperationsOfTheEntryOverrideTheTypeDefault() {
            Verdict v = Scenario.of(ResourceBuilder.storage().proofOperations("KeyDecrypt"))
                    .logs(RecordBuilder.operation("KeyDecrypt")).verdict();
            assertTrue(v.has(KEY_USE_CONFIRMED));
        }

        @Test
        void withAnOverrideTheTypeDefaultOperationIsNoLongerProof() {
            Verdict v = Scenario.of(ResourceBuilder.storage().proofOperations("KeyDecrypt"))
                    .logs(RecordBuilder.unwrap()).verdict();
            assertEquals(Set.of(NO_KEY_USE), Findings.codes(v));
        }
    }

    @Nested
    class Failures {

        @Test
        void aFailureAfterTheLastSuccessIsFailing() {
            Verdict v = Scenario.of(ResourceBuilder.storage())
                    .logs(RecordBuilder.unwrap().hoursAgo(3), denied().hoursAgo(1)).verdict();
            assertTrue(v.has(KEY_USE_FAILING));
            assertFalse(v.has(KEY_USE_RECOVERED));
            assertEquals(VerdictStatus.FAILED, v.status());
        }

        @Test
        void aSuccessAfterTheLastFailureIsRecoveredAndConfirmedSoAWarning() {
            Verdict v = Scenario.of(ResourceBuilder.storage())
                    .logs(denied().hoursAgo(3), RecordBuilder.unwrap().hoursAgo(1)).verdict();
            assertEquals(Set.of(KEY_USE_CONFIRMED, KEY_USE_RECOVERED), Findings.codes(v));
            assertEquals(VerdictStatus.WARNING, v.status());
        }

        @Test
        void onlyFailuresIsFailingAndNotNoKeyUse() {
            Verdict v = Scenario.of(ResourceBuilder.storage()).logs(denied()).verdict();
            assertEquals(Set.of(KEY_USE_FAILING), Findings.codes(v));
            assertEquals(VerdictStatus.FAILED, v.status());
        }

        @Test
        void aFailureAndASuccessAtTheSameInstantIsFailing() {
            Verdict v = Scenario.of(ResourceBuilder.storage()).logs(RecordBuilder.unwrap(), denied().hoursAgo(1)).verdict();
            assertTrue(v.has(KEY_USE_FAILING));
        }

        @Test
        void keyUseFailingCarriesStatusCodesDescriptionsAndLastFailure() {
            Verdict v = Scenario.of(ResourceBuilder.storage()).logs(denied().hoursAgo(4), denied().hoursAgo(2),
                    RecordBuilder.unwrap().status(404).signature("Not Found").hoursAgo(3)).verdict();
            Finding f = Findings.finding(v, KEY_USE_FAILING);
            assertEquals(Map.of("403", 2L, "404", 1L), f.evidence().get("statusCodes"));
            assertEquals(List.of("Operation unwrapKey is not allowed on a disabled key."),
                    f.evidence().get("resultDescriptions"));
            assertEquals(Lab.AT.minusSeconds(2 * 3600).toString(), f.evidence().get("lastFailure"));
            assertEquals(3L, f.evidence().get("failureCount"));
        }

        @Test
        void anotherCallersSuccessDoesNotRecoverTheResource() {
            Verdict v = Scenario.of(ResourceBuilder.storage())
                    .logs(denied().hoursAgo(2), RecordBuilder.unwrap().by(Lab.STRANGER).hoursAgo(1)).verdict();
            assertTrue(v.has(KEY_USE_FAILING));
            assertFalse(v.has(KEY_USE_RECOVERED));
        }

        @Test
        void anotherCallersFailureIsNotTheResourcesFailure() {
            Verdict v = Scenario.healthy().logs(RecordBuilder.forbidden("KeyUnwrap").by(Lab.STRANGER).hoursAgo(0))
                    .verdict();
            assertEquals(VerdictStatus.VERIFIED, v.status());
        }
    }

    @Nested
    class Absence {

        @Test
        void aSilentVaultIsNoAuditLogsNotNoKeyUse() {
            assertEquals(Set.of(NO_AUDIT_LOGS), Findings.codes(Scenario.of(ResourceBuilder.storage()).verdict()));
        }

        @Test
        void aVaultThatLoggedSomethingElseIsNoKeyUseNotNoAuditLogs() {
            Verdict v = Scenario.of(ResourceBuilder.storage())
                    .logs(RecordBuilder.operation("KeyList").noKey().by(Lab.STRANGER)).verdict();
            assertEquals(Set.of(NO_KEY_USE), Findings.codes(v));
        }

        @Test
        void aLogSourceIssueGivesSourceIncompleteInsteadOfNoAuditLogs() {
            Verdict v = Scenario.of(ResourceBuilder.storage())
                    .issue(SourceIssue.everywhere("Log Analytics", "PartialError")).verdict();
            assertEquals(Set.of(SOURCE_INCOMPLETE), Findings.codes(v));
        }

        @Test
        void aLogSourceIssueGivesSourceIncompleteInsteadOfNoKeyUse() {
            Verdict v = Scenario.of(ResourceBuilder.storage()).logs(RecordBuilder.operation("KeyGet"))
                    .issue(new SourceIssue("Log Analytics", "throttled (429)", "ws-prod", null)).verdict();
            assertEquals(Set.of(SOURCE_INCOMPLETE), Findings.codes(v));
        }

        @Test
        void aLogSourceIssueMakesEvenProvenUseInconclusive() {
            Verdict v = Scenario.healthy().issue(new SourceIssue("archive", "blob unreadable", null, "KV-CMK-PROD"))
                    .verdict();
            assertTrue(v.has(KEY_USE_CONFIRMED));
            assertEquals(VerdictStatus.INCONCLUSIVE, v.status());
        }

        @Test
        void anIssueOfAnotherWorkspaceDoesNotConcernTheResource() {
            Verdict v = Scenario.of(ResourceBuilder.storage())
                    .issue(new SourceIssue("Log Analytics", "timeout", "ws-other", null)).verdict();
            assertEquals(Set.of(NO_AUDIT_LOGS), Findings.codes(v));
        }

        @Test
        void anIssueOfAnotherVaultDoesNotConcernTheResource() {
            Verdict v = Scenario.healthy().issue(new SourceIssue("archive", "blob unreadable", null, "kv-cmk-dev"))
                    .verdict();
            assertEquals(VerdictStatus.VERIFIED, v.status());
        }

        @Test
        void sourceIncompleteNamesTheSourceAndItsProblem() {
            Verdict v = Scenario.healthy().issue(SourceIssue.everywhere("Log Analytics", "PartialError")).verdict();
            Finding f = Findings.finding(v, SOURCE_INCOMPLETE);
            assertEquals(List.of("Log Analytics"), f.evidence().get("sources"));
            assertEquals(List.of("PartialError"), f.evidence().get("problems"));
        }
    }
}
