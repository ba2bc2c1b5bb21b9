package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.testdata.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Spec section 4: the key in a record's id or request URI, whatever decoration it carries. */
class KeyLocatorTest {

    private static final String BASE = "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk";

    private static void assertLocates(String input, String version) {
        assertEquals(new KeyLocator.Located(Lab.KEY, version), KeyLocator.locate(input));
    }

    @Test
    void aPlainVersionedIdNamesKeyAndVersion() {
        assertLocates(BASE + "/" + Lab.V_NEW, Lab.V_NEW);
    }

    @Test
    void thePortIsDropped() {
        assertLocates("https://kv-cmk-prod.vault.azure.net:8443/keys/stg-cmk/" + Lab.V_NEW, Lab.V_NEW);
    }

    @Test
    void theQueryStringIsDropped() {
        assertLocates(BASE + "/" + Lab.V_NEW + "?api-version=7.4", Lab.V_NEW);
    }

    @Test
    void theOperationSuffixOfARequestUriIsDropped() {
        assertLocates(BASE + "/" + Lab.V_NEW + "/unwrapkey?api-version=7.4", Lab.V_NEW);
    }

    @Test
    void aRequestUriWithoutVersionNamesTheKeyOnly() {
        assertLocates(BASE + "/unwrapkey?api-version=7.4", null);
    }

    @Test
    void aTrailingSlashIsDropped() {
        assertLocates(BASE + "/", null);
    }

    @Test
    void deletedKeysNamesTheSameKey() {
        assertLocates("https://kv-cmk-prod.vault.azure.net/deletedkeys/stg-cmk", null);
    }

    @Test
    void upperCaseIsTheSameKeyAndVersion() {
        assertLocates("HTTPS://KV-CMK-PROD.VAULT.AZURE.NET/KEYS/STG-CMK/" + Lab.V_NEW.toUpperCase(), Lab.V_NEW);
    }

    @Test
    void anIdWithoutVersionNamesTheKeyOnly() {
        assertLocates(BASE, null);
    }

    @Test
    void aManagedHsmKeyIsLocatedOnItsHost() {
        assertEquals(new KeyId("hsm-prod.managedhsm.azure.net", "k1"),
                KeyLocator.locate("https://hsm-prod.managedhsm.azure.net/keys/k1").key());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"https://kv-cmk-prod.vault.azure.net/secrets/stg-cmk",
            "https://kv-cmk-prod.vault.azure.net/certificates/stg-cmk/" + Lab.V_NEW,
            "https://kv-cmk-prod.vault.azure.net/", "https://kv-cmk-prod.vault.azure.net",
            "https://kv-cmk-prod.vault.azure.net/keys/", "kv-cmk-prod.vault.azure.net/keys/stg-cmk",
            "https://localhost/keys/stg-cmk", "not a url"})
    void somethingThatNamesNoKeyGivesNull(String input) {
        assertNull(KeyLocator.locate(input));
    }

    @Test
    void theVaultNameComesFromAnUpperCaseResourceId() {
        assertEquals("kv-cmk-prod", KeyLocator.vaultNameFromResourceId("/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000"
                + "/RESOURCEGROUPS/RG-SEC/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-CMK-PROD"));
    }

    @Test
    void theManagedHsmNameComesFromItsResourceId() {
        assertEquals("hsm-prod", KeyLocator.vaultNameFromResourceId("/subscriptions/x/resourceGroups/rg"
                + "/providers/Microsoft.KeyVault/managedHSMs/hsm-prod"));
    }

    @Test
    void aRecoveryServicesVaultIsNotAKeyVault() {
        assertNull(KeyLocator.vaultNameFromResourceId("/subscriptions/x/resourceGroups/rg"
                + "/providers/Microsoft.RecoveryServices/vaults/rsv-prod"));
    }

    @Test
    void aResourceGroupNamedLikeTheProviderDoesNotMakeAnotherVaultAKeyVault() {
        assertNull(KeyLocator.vaultNameFromResourceId("/subscriptions/x/resourceGroups/microsoft.keyvault-rg"
                + "/providers/Microsoft.RecoveryServices/vaults/rsv-prod"));
    }
}
