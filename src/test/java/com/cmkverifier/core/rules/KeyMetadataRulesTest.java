package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.testdata.Findings;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.RecordBuilder;
import com.cmkverifier.core.testdata.ResourceBuilder;
import com.cmkverifier.core.testdata.Scenario;
import com.cmkverifier.core.testdata.VersionBuilder;
import com.cmkverifier.core.types.ResourceTypes;
import com.cmkverifier.core.verdict.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.cmkverifier.core.model.FindingCode.KEY_DISABLED;
import static com.cmkverifier.core.model.FindingCode.KEY_EXPIRED;
import static com.cmkverifier.core.model.FindingCode.KEY_EXPIRING;
import static com.cmkverifier.core.model.FindingCode.KEY_NOT_YET_VALID;
import static com.cmkverifier.core.model.FindingCode.KEY_OPERATIONS_MISSING;
import static com.cmkverifier.core.model.FindingCode.KEY_TYPE_UNSUPPORTED;
import static com.cmkverifier.core.model.FindingCode.PINNED_VERSION_OUTDATED;
import static com.cmkverifier.core.model.FindingCode.PURGE_PROTECTION_OFF;
import static com.cmkverifier.core.model.FindingCode.STALE_KEY_VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Findings from key metadata, each judged on the version the resource uses. */
class KeyMetadataRulesTest {

    private static Verdict versionless(KeyVersion... versions) {
        return Scenario.healthy().versions(versions).verdict();
    }

    private static Verdict pinnedToOld(KeyVersion... versions) {
        return Scenario.of(ResourceBuilder.storage().pinned(Lab.V_OLD)).logs(RecordBuilder.unwrap().version(Lab.V_OLD))
                .versions(versions).verdict();
    }

    private static Verdict onType(String type, KeyVersion version) {
        return Scenario.of(ResourceBuilder.storage().type(type)).logs(RecordBuilder.unwrap()).versions(version)
                .verdict();
    }

    private static void assertFires(FindingCode code, Verdict v) {
        assertTrue(v.has(code), () -> "expected " + code + ", got " + Findings.codes(v));
    }

    private static void assertSilent(FindingCode code, Verdict v) {
        assertFalse(v.has(code), () -> "did not expect " + code + ": " + v.findings());
    }

    @Nested
    class Disabled {

        @Test
        void aDisabledPinnedVersionFailsEvenWhenANewerOneIsEnabled() {
            Verdict v = pinnedToOld(VersionBuilder.previous().disabled().build(), VersionBuilder.newest().build());
            assertFires(KEY_DISABLED, v);
            assertEquals(VerdictStatus.FAILED, v.status());
        }

        @Test
        void aDisabledNewestVersionDoesNotConcernAResourcePinnedToAnEnabledOne() {
            assertSilent(KEY_DISABLED, pinnedToOld(VersionBuilder.previous().build(),
                    VersionBuilder.newest().disabled().build()));
        }

        @Test
        void aVersionlessResourceUsesTheNewestVersionSoItsBeingDisabledFails() {
            assertFires(KEY_DISABLED, versionless(VersionBuilder.previous().build(),
                    VersionBuilder.newest().disabled().build()));
        }

        @Test
        void aDisabledOlderVersionDoesNotConcernAVersionlessResource() {
            assertSilent(KEY_DISABLED, versionless(VersionBuilder.previous().disabled().build(),
                    VersionBuilder.newest().build()));
        }

        @Test
        void aDisabledStateKnownOnlyFromTheVersionListStillCounts() {
            assertFires(KEY_DISABLED, versionless(VersionBuilder.newest().listedOnly().disabled().build()));
        }
    }

    @Nested
    class Validity {

        @Test
        void notBeforeAfterTheEvaluationTimeIsNotYetValid() {
            Verdict v = versionless(VersionBuilder.newest().notBefore(Lab.AT.plusSeconds(1)).build());
            assertFires(KEY_NOT_YET_VALID, v);
            assertEquals(VerdictStatus.FAILED, v.status());
        }

        @Test
        void notBeforeAtTheEvaluationTimeIsValid() {
            assertSilent(KEY_NOT_YET_VALID, versionless(VersionBuilder.newest().notBefore(Lab.AT).build()));
        }

        @Test
        void anExpiredKeyIsAWarningNotAFailure() {
            Verdict v = versionless(VersionBuilder.newest().expires(Lab.AT.minusSeconds(1)).build());
            assertFires(KEY_EXPIRED, v);
            assertSilent(KEY_EXPIRING, v);
            assertEquals(VerdictStatus.WARNING, v.status());
        }

        @Test
        void expiryExactlyAtTheHorizonIsExpiring() {
            Verdict v = versionless(VersionBuilder.newest().expires(Lab.AT.plus(Duration.ofDays(30))).build());
            assertFires(KEY_EXPIRING, v);
            assertSilent(KEY_EXPIRED, v);
        }

        @Test
        void expiryJustBeyondTheHorizonIsNotExpiring() {
            assertSilent(KEY_EXPIRING, versionless(VersionBuilder.newest()
                    .expires(Lab.AT.plus(Duration.ofDays(30)).plusSeconds(1)).build()));
        }

        @Test
        void theExpiryHorizonIsASetting() {
            Verdict v = Scenario.healthy().versions(VersionBuilder.newest().expires(Lab.AT.plus(Duration.ofDays(10)))
                    .build()).settings(new VerificationSettings(Duration.ofDays(7), Duration.ofHours(24))).verdict();
            assertSilent(KEY_EXPIRING, v);
        }

        @Test
        void theExpiryOfAnOlderVersionDoesNotConcernAVersionlessResource() {
            Verdict v = versionless(VersionBuilder.previous().expires(Lab.AT.minusSeconds(1)).build(),
                    VersionBuilder.newest().build());
            assertSilent(KEY_EXPIRED, v);
        }
    }

    @Nested
    class Operations {

        @Test
        void aKeyWithoutUnwrapKeyIsMissingOperations() {
            Verdict v = versionless(VersionBuilder.newest().ops("wrapKey", "encrypt").build());
            assertEquals(List.of("unwrapKey"), Findings.finding(v, KEY_OPERATIONS_MISSING).evidence().get("missing"));
            assertEquals(VerdictStatus.FAILED, v.status());
        }

        @Test
        void operationsAreJudgedOnTheDetailedVersionWhenTheUsedOneIsOnlyListed() {
            Verdict v = versionless(VersionBuilder.previous().ops("wrapKey").build(),
                    VersionBuilder.newest().listedOnly().build());
            assertFires(KEY_OPERATIONS_MISSING, v);
        }

        @Test
        void theProofOperationsOverrideDecidesWhichKeyOperationsAreNeeded() {
            Verdict v = Scenario.of(ResourceBuilder.storage().proofOperations("KeyDecrypt"))
                    .logs(RecordBuilder.operation("KeyDecrypt")).versions(VersionBuilder.newest().ops("wrapKey",
                            "unwrapKey").build()).verdict();
            assertEquals(List.of("decrypt"), Findings.finding(v, KEY_OPERATIONS_MISSING).evidence().get("missing"));
        }

        @Test
        void unknownOperationsAreNotMissingOperations() {
            assertSilent(KEY_OPERATIONS_MISSING, versionless(VersionBuilder.newest().listedOnly().build()));
        }
    }

    @Nested
    class TypeAndSize {

        @Test
        void anEcKeyCannotServeStorage() {
            assertFires(KEY_TYPE_UNSUPPORTED, onType(ResourceTypes.STORAGE, VersionBuilder.newest().type("EC", null)
                    .build()));
        }

        @Test
        void rsa1024IsBelowEveryServicesMinimum() {
            assertFires(KEY_TYPE_UNSUPPORTED, onType(ResourceTypes.DISK_ENCRYPTION_SET, VersionBuilder.newest()
                    .type("RSA", 1024).build()));
        }

        @Test
        void rsa2048ServesStorage() {
            assertSilent(KEY_TYPE_UNSUPPORTED, onType(ResourceTypes.STORAGE, VersionBuilder.newest().type("RSA", 2048)
                    .build()));
        }

        @Test
        void rsaHsm3072ServesStorage() {
            assertSilent(KEY_TYPE_UNSUPPORTED, onType(ResourceTypes.STORAGE, VersionBuilder.newest()
                    .type("RSA-HSM", 3072).build()));
        }

        @Test
        void rsa4096CannotServeSql() {
            Verdict v = onType(ResourceTypes.SQL_SERVER, VersionBuilder.newest().type("RSA", 4096).build());
            assertFires(KEY_TYPE_UNSUPPORTED, v);
            assertEquals(VerdictStatus.FAILED, v.status());
        }

        @Test
        void rsa3072ServesSql() {
            assertSilent(KEY_TYPE_UNSUPPORTED, onType(ResourceTypes.SQL_SERVER, VersionBuilder.newest()
                    .type("RSA", 3072).build()));
        }
    }

    @Nested
    class PurgeProtection {

        @Test
        void recoverablePlusPurgeableIsPurgeProtectionOff() {
            Verdict v = versionless(VersionBuilder.newest().recoveryLevel("Recoverable+Purgeable").build());
            assertFires(PURGE_PROTECTION_OFF, v);
            assertEquals(VerdictStatus.WARNING, v.status());
        }

        @Test
        void customizedRecoverablePlusPurgeableIsPurgeProtectionOff() {
            assertFires(PURGE_PROTECTION_OFF, versionless(VersionBuilder.newest()
                    .recoveryLevel("CustomizedRecoverable+Purgeable").build()));
        }

        @Test
        void recoverableIsPurgeProtected() {
            assertSilent(PURGE_PROTECTION_OFF, versionless(VersionBuilder.newest().recoveryLevel("Recoverable")
                    .build()));
        }

        @Test
        void recoverablePlusProtectedSubscriptionIsPurgeProtected() {
            assertSilent(PURGE_PROTECTION_OFF, versionless(VersionBuilder.newest()
                    .recoveryLevel("Recoverable+ProtectedSubscription").build()));
        }
    }

    @Nested
    class Versions {

        @Test
        void aResourcePinnedToAnOlderVersionWithANewerEnabledOneIsOutdated() {
            Verdict v = pinnedToOld(VersionBuilder.previous().build(), VersionBuilder.newest().build());
            assertEquals(Lab.V_NEW, Findings.finding(v, PINNED_VERSION_OUTDATED).evidence().get("newestVersion"));
            assertEquals(VerdictStatus.WARNING, v.status());
        }

        @Test
        void aNewerButDisabledVersionDoesNotMakeThePinOutdated() {
            assertSilent(PINNED_VERSION_OUTDATED, pinnedToOld(VersionBuilder.previous().build(),
                    VersionBuilder.newest().disabled().build()));
        }

        @Test
        void aResourcePinnedToTheNewestVersionIsNotOutdated() {
            Verdict v = Scenario.of(ResourceBuilder.storage().pinned(Lab.V_NEW)).logs(RecordBuilder.unwrap())
                    .versions(VersionBuilder.previous().build(), VersionBuilder.newest().build()).verdict();
            assertEquals(VerdictStatus.VERIFIED, v.status());
        }

        @Test
        void aVersionlessResourceStillUsingTheOldVersionAfterTheGraceIsStale() {
            Verdict v = staleCandidate(Lab.AT.minus(Duration.ofHours(24)).minusSeconds(1));
            assertEquals(List.of(Lab.V_OLD), Findings.finding(v, STALE_KEY_VERSION).evidence().get("versionsUsed"));
            assertEquals(VerdictStatus.WARNING, v.status());
        }

        @Test
        void aVersionlessResourceUsingTheOldVersionWithinTheGraceIsNotStale() {
            assertSilent(STALE_KEY_VERSION, staleCandidate(Lab.AT.minus(Duration.ofHours(23))));
        }

        @Test
        void aNewestVersionExactlyAsOldAsTheGraceIsNotYetStale() {
            assertSilent(STALE_KEY_VERSION, staleCandidate(Lab.AT.minus(Duration.ofHours(24))));
        }

        @Test
        void aVersionlessResourceThatAlsoUsedTheNewestVersionIsNotStale() {
            Verdict v = Scenario.of(ResourceBuilder.storage())
                    .logs(RecordBuilder.unwrap().version(Lab.V_OLD), RecordBuilder.unwrap().version(Lab.V_NEW))
                    .versions(VersionBuilder.previous().build(), VersionBuilder.newest().build()).verdict();
            assertEquals(VerdictStatus.VERIFIED, v.status());
        }

        @Test
        void aPinnedResourceIsNeverStale() {
            assertSilent(STALE_KEY_VERSION, pinnedToOld(VersionBuilder.previous().build(),
                    VersionBuilder.newest().build()));
        }

        private Verdict staleCandidate(Instant newestCreated) {
            return Scenario.of(ResourceBuilder.storage()).logs(RecordBuilder.unwrap().version(Lab.V_OLD))
                    .versions(VersionBuilder.previous().build(), VersionBuilder.newest().created(newestCreated).build())
                    .verdict();
        }
    }
}
