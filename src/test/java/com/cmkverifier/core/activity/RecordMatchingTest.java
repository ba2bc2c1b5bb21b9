package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.Caller;

import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.testdata.Findings;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.RecordBuilder;
import com.cmkverifier.core.testdata.ResourceBuilder;
import com.cmkverifier.core.testdata.Scenario;
import com.cmkverifier.core.types.ResourceTypes;
import com.cmkverifier.core.verdict.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static com.cmkverifier.core.model.FindingCode.KEY_USE_CONFIRMED;
import static com.cmkverifier.core.model.FindingCode.KEY_USE_FAILING;
import static com.cmkverifier.core.model.FindingCode.NO_AUDIT_LOGS;
import static com.cmkverifier.core.model.FindingCode.NO_KEY_USE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec sections 2 and 4: which records belong to the resource's key and identity, and what counts as failure. */
class RecordMatchingTest {

    private static Verdict storageWith(RecordBuilder... records) {
        return Scenario.of(ResourceBuilder.storage()).logs(records).verdict();
    }

    private static void assertConfirmed(Verdict v) {
        assertTrue(v.has(KEY_USE_CONFIRMED), () -> "expected proof of use, got " + Findings.codes(v));
    }

    private static void assertNoKeyUse(Verdict v) {
        assertEquals(VerdictStatus.INCONCLUSIVE, v.status());
        assertTrue(v.has(NO_KEY_USE), () -> "expected NO_KEY_USE, got " + Findings.codes(v));
        assertFalse(v.has(KEY_USE_CONFIRMED));
    }

    @Nested
    class WindowBounds {

        @Test
        void aRecordExactlyAtTheWindowStartCounts() {
            assertConfirmed(storageWith(RecordBuilder.unwrap().at(Lab.WINDOW.from())));
        }

        @Test
        void aRecordExactlyAtTheWindowEndCounts() {
            assertConfirmed(storageWith(RecordBuilder.unwrap().at(Lab.WINDOW.to())));
        }

        @Test
        void aRecordJustBeforeTheWindowIsNotEvidenceAtAll() {
            Verdict v = storageWith(RecordBuilder.unwrap().at(Lab.WINDOW.from().minusNanos(1)));
            assertEquals(Set.of(NO_AUDIT_LOGS), Findings.codes(v));
        }

        @Test
        void aRecordJustAfterTheWindowIsNotEvidenceAtAll() {
            Verdict v = storageWith(RecordBuilder.unwrap().at(Lab.WINDOW.to().plusNanos(1)));
            assertEquals(Set.of(NO_AUDIT_LOGS), Findings.codes(v));
        }
    }

    @Nested
    class Status {

        @Test
        void aRecordWithoutVersionStillProvesUse() {
            Verdict v = storageWith(RecordBuilder.unwrap().version(null));
            assertEquals(List.of(), Findings.finding(v, KEY_USE_CONFIRMED).evidence().get("versionsUsed"));
        }

        @Test
        void a403IsAFailureWhateverTheResultSignatureSays() {
            Verdict v = storageWith(RecordBuilder.forbidden("KeyUnwrap").signature("OK"));
            assertTrue(v.has(KEY_USE_FAILING));
            assertFalse(v.has(KEY_USE_CONFIRMED));
        }

        @Test
        void a202IsASuccess() {
            assertConfirmed(storageWith(RecordBuilder.unwrap().status(202).signature("Accepted")));
        }

        @Test
        void aRecordWithoutStatusIsNeitherProofNorFailure() {
            Verdict v = storageWith(RecordBuilder.unwrap().status(-1));
            assertNoKeyUse(v);
            assertFalse(v.has(KEY_USE_FAILING));
        }

        @Test
        void anAuthentication401IsIgnoredButShowsTheVaultLogs() {
            Verdict v = storageWith(RecordBuilder.operation("Authentication").noKey().status(401)
                    .signature("Unauthorized").by(Caller.NONE));
            assertNoKeyUse(v);
            assertFalse(v.has(NO_AUDIT_LOGS));
            assertFalse(v.has(KEY_USE_FAILING));
        }

        @Test
        void keyGetAloneByTheExpectedIdentityIsNoKeyUse() {
            assertNoKeyUse(storageWith(RecordBuilder.operation("KeyGet")));
        }

        @Test
        void aFailedKeyGetIsNotAFailedProofOfUse() {
            Verdict v = storageWith(RecordBuilder.forbidden("KeyGet"));
            assertNoKeyUse(v);
            assertFalse(v.has(KEY_USE_FAILING));
        }

        @Test
        void anUnknownKeyOperationIsNotProof() {
            assertNoKeyUse(storageWith(RecordBuilder.operation("KeyFrobnicate")));
        }
    }

    @Nested
    class Key {

        @Test
        void proofOnAnotherKeyOfTheSameVaultIsNotProofForThisKey() {
            assertNoKeyUse(storageWith(RecordBuilder.unwrap().onKey(Lab.SIBLING_KEY)));
        }

        @Test
        void theSameKeyNameInAnotherVaultDoesNotMatch() {
            Verdict v = storageWith(RecordBuilder.unwrap().onKey(Lab.NAMESAKE_KEY));
            assertEquals(Set.of(NO_AUDIT_LOGS), Findings.codes(v));
        }

        @Test
        void aKeyRegisteredInUpperCaseMatchesLowerCaseRecords() {
            Verdict v = Scenario.of(ResourceBuilder.storage().key("https://KV-CMK-PROD.Vault.Azure.Net/keys/STG-CMK"))
                    .logs(RecordBuilder.unwrap()).verdict();
            assertConfirmed(v);
        }

        @Test
        void aPinnedResourceIsProvenByUseOfAnyVersionOfItsKey() {
            assertConfirmed(Scenario.of(ResourceBuilder.storage().pinned(Lab.V_NEW))
                    .logs(RecordBuilder.unwrap().version(Lab.V_OLD)).verdict());
        }

        @Test
        void aKeyRecordWithoutVaultNameStillShowsItsVaultLogs() {
            assertNoKeyUse(storageWith(RecordBuilder.unwrap().by(Lab.STRANGER).status(403).vault(null)));
        }

        @Test
        void aVaultNameInUpperCaseStillShowsTheVaultLogs() {
            assertNoKeyUse(storageWith(RecordBuilder.operation("VaultGet").noKey().vault("KV-CMK-PROD")));
        }
    }

    @Nested
    class Identity {

        @Test
        void theCallerObjectIdMatchesTheRegisteredPrincipalId() {
            assertConfirmed(storageWith(RecordBuilder.unwrap().by(new Caller(Lab.PRINCIPAL_ID, null, null))));
        }

        @Test
        void theCallerAppIdMatchesTheRegisteredClientId() {
            Verdict v = Scenario.of(ResourceBuilder.storage().principalId(null).clientId(Lab.CLIENT_ID))
                    .logs(RecordBuilder.unwrap().by(new Caller(null, Lab.CLIENT_ID, null))).verdict();
            assertConfirmed(v);
        }

        @Test
        void theManagedIdentityResourceClaimMatchesTheResourceIdCaseInsensitively() {
            Verdict v = Scenario.of(ResourceBuilder.storage().principalId(null))
                    .logs(RecordBuilder.unwrap().by(new Caller(null, null, Lab.RESOURCE_ID.toUpperCase()))).verdict();
            assertConfirmed(v);
        }

        @Test
        void anObjectIdFromTheLongClaimMatchesWhateverItsCase() {
            Verdict v = Scenario.of(ResourceBuilder.storage().principalId(Lab.PRINCIPAL_ID.toUpperCase()))
                    .logs(RecordBuilder.unwrap().by(new Caller(Lab.PRINCIPAL_ID.toUpperCase(), null, null))).verdict();
            assertConfirmed(v);
        }

        @Test
        void anAppIdEqualToTheRegisteredPrincipalIdIsNotAMatch() {
            assertNoKeyUse(storageWith(RecordBuilder.unwrap().by(new Caller(null, Lab.PRINCIPAL_ID, null))));
        }

        @Test
        void anotherIdentityUsingTheKeyIsNotProof() {
            assertNoKeyUse(storageWith(RecordBuilder.unwrap().by(Lab.STRANGER)));
        }
    }

    @Nested
    class FirstPartyCallers {

        private Verdict withoutIdentity(String type, RecordBuilder record) {
            return Scenario.of(ResourceBuilder.withoutIdentity(type)).logs(record).verdict();
        }

        private Verdict withIdentity(String type, RecordBuilder record) {
            return Scenario.of(ResourceBuilder.storage().type(type)).logs(record).verdict();
        }

        private RecordBuilder byApp(String op, String appId) {
            return RecordBuilder.operation(op).by(new Caller(null, appId, null));
        }

        @Test
        void cosmosWithoutIdentityIsProvenByCosmosFirstPartyApp() {
            assertConfirmed(withoutIdentity(ResourceTypes.COSMOS_DB, byApp("KeyUnwrap", ResourceTypes.COSMOS_APP_ID)));
        }

        @Test
        void cosmosWithoutIdentityIsProvenByTheUsGovFirstPartyApp() {
            assertConfirmed(withoutIdentity(ResourceTypes.COSMOS_DB,
                    byApp("KeyUnwrap", ResourceTypes.COSMOS_APP_ID_USGOV)));
        }

        @Test
        void cosmosWithAnIdentityIsNotProvenByTheFirstPartyApp() {
            assertNoKeyUse(withIdentity(ResourceTypes.COSMOS_DB, byApp("KeyUnwrap", ResourceTypes.COSMOS_APP_ID)));
        }

        @Test
        void informationProtectionWithoutIdentityIsProvenByRmsDecrypt() {
            assertConfirmed(withoutIdentity(ResourceTypes.INFORMATION_PROTECTION,
                    byApp("KeyDecrypt", ResourceTypes.RMS_APP_ID)));
        }

        @Test
        void informationProtectionWithoutIdentityIsProvenByRmsSign() {
            assertConfirmed(withoutIdentity(ResourceTypes.INFORMATION_PROTECTION,
                    byApp("KeySign", ResourceTypes.RMS_APP_ID)));
        }

        @Test
        void informationProtectionIsNotProvenByUnwrap() {
            assertNoKeyUse(withoutIdentity(ResourceTypes.INFORMATION_PROTECTION,
                    byApp("KeyUnwrap", ResourceTypes.RMS_APP_ID)));
        }

        @Test
        void informationProtectionWithAnIdentityIsNotProvenByRms() {
            assertNoKeyUse(withIdentity(ResourceTypes.INFORMATION_PROTECTION,
                    byApp("KeyDecrypt", ResourceTypes.RMS_APP_ID)));
        }

        @Test
        void aStorageAccountWithoutIdentityIsNotProvenByAFirstPartyApp() {
            assertNoKeyUse(withoutIdentity(ResourceTypes.STORAGE, byApp("KeyUnwrap", ResourceTypes.COSMOS_APP_ID)));
        }
    }

    @Test
    void aChangeVerificationIgnoresUseBeforeTheChange() {
        Window change = new Window(Lab.AT.minus(Duration.ofMinutes(30)), Lab.AT);
        Verdict v = Scenario.of(ResourceBuilder.storage()).window(change)
                .logs(RecordBuilder.unwrap().hoursAgo(2), RecordBuilder.operation("KeyGet").hoursAgo(0)).verdict();
        assertNoKeyUse(v);
    }
}
