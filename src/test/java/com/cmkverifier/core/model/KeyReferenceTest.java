package com.cmkverifier.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key URLs are parsed strictly: only Key Vault and Managed HSM hosts, so no token is ever sent elsewhere. */
class KeyReferenceTest {

    private static final String VERSION = "0123456789abcdef0123456789abcdef";

    private static String rejection(String url) {
        return assertThrows(IllegalArgumentException.class, () -> KeyReference.parse(url)).getMessage();
    }

    private static void assertRejectedNaming(String url, String problem) {
        String message = rejection(url);
        assertTrue(message.contains(problem), () -> "message '" + message + "' should name '" + problem + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vault.azure.net", "vault.azure.cn", "vault.usgovcloudapi.net", "managedhsm.azure.net",
            "managedhsm.azure.cn", "managedhsm.usgovcloudapi.net"})
    void keyVaultAndManagedHsmHostsOfEveryCloudAreAccepted(String suffix) {
        KeyReference k = KeyReference.parse("https://kv-cmk-prod." + suffix + "/keys/stg-cmk");
        assertEquals("kv-cmk-prod." + suffix, k.vaultHost());
        assertEquals(suffix.startsWith("managedhsm"), KeyVaultHosts.isManagedHsmHost(k.vaultHost()));
    }

    @Test
    void aVersionedUrlIsPinned() {
        KeyReference k = KeyReference.parse("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/" + VERSION);
        assertTrue(k.isPinned());
        assertEquals(VERSION, k.version());
        assertEquals("stg-cmk", k.keyName());
    }

    @Test
    void aVersionlessUrlWithTrailingSlashFollowsTheLatestVersion() {
        KeyReference k = KeyReference.parse("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/");
        assertFalse(k.isPinned());
        assertNull(k.version());
    }

    @Test
    void hostAndVersionAreNormalisedToLowerCase() {
        KeyReference k = KeyReference.parse("https://KV-CMK-PROD.VAULT.AZURE.NET:443/keys/Stg-Cmk/" + VERSION.toUpperCase());
        assertEquals("https://kv-cmk-prod.vault.azure.net/keys/Stg-Cmk/" + VERSION, k.url());
        assertEquals(new KeyId("kv-cmk-prod.vault.azure.net", "stg-cmk"), k.keyId());
    }

    @Test
    void plainHttpIsRejected() {
        assertRejectedNaming("http://kv-cmk-prod.vault.azure.net/keys/stg-cmk", "https://");
    }

    @ParameterizedTest
    @CsvSource({
            "https://kv-cmk-prod.example.com/keys/stg-cmk, kv-cmk-prod.example.com",
            "https://kv-cmk-prod.vault.azure.net.evil.com/keys/stg-cmk, kv-cmk-prod.vault.azure.net.evil.com",
            "https://kv-cmk-prod.vault-azure.net/keys/stg-cmk, kv-cmk-prod.vault-azure.net",
            "https://vault.azure.net/keys/stg-cmk, vault.azure.net",
            "https://10.0.0.4/keys/stg-cmk, 10.0.0.4",
            "https://[::1]/keys/stg-cmk, [::1]"})
    void otherHostsAreRejectedByName(String url, String host) {
        assertRejectedNaming(url, "host '" + host + "'");
    }

    @Test
    void aUnicodeLookAlikeHostIsRejected() {
        assertRejectedNaming("https://kv-cmk-prod.v\u0430ult.azure.net/keys/stg-cmk", "is not a Key Vault");
    }

    @Test
    void aUnicodeLookAlikeVaultNameIsRejected() {
        rejection("https://kv-cmk-pr\u043Ed.vault.azure.net/keys/stg-cmk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user@kv-cmk-prod.vault.azure.net/keys/stg-cmk",
            "https://kv-cmk-prod.vault.azure.net@evil.com/keys/stg-cmk"})
    void userInformationIsRejected(String url) {
        assertRejectedNaming(url, "user information");
    }

    @Test
    void aPortOtherThan443IsRejected() {
        assertRejectedNaming("https://kv-cmk-prod.vault.azure.net:8443/keys/stg-cmk", "port");
    }

    @Test
    void aQueryStringIsRejected() {
        assertRejectedNaming("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk?api-version=7.4", "query string");
    }

    @Test
    void aFragmentIsRejected() {
        assertRejectedNaming("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk#x", "query string or fragment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123", "0123456789abcdef0123456789abcdeg", "0123456789abcdef0123456789abcdef00"})
    void aVersionThatIsNot32HexCharactersIsRejected(String version) {
        assertRejectedNaming("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/" + version, "version");
    }

    @Test
    void aSecretUrlIsRejected() {
        assertRejectedNaming("https://kv-cmk-prod.vault.azure.net/secrets/stg-cmk", "path must be /keys/");
    }

    @Test
    void aKeyNameWithForbiddenCharactersIsRejected() {
        assertRejectedNaming("https://kv-cmk-prod.vault.azure.net/keys/stg_cmk", "key name must be");
    }

    @Test
    void extraPathSegmentsAreRejected() {
        assertRejectedNaming("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/" + VERSION + "/unwrapkey",
                "path must be /keys/");
    }

    @Test
    void aVaultNameStartingWithADigitIsRejected() {
        assertRejectedNaming("https://1kv-cmk.vault.azure.net/keys/stg-cmk", "vault name '1kv-cmk'");
    }

    @Test
    void aMissingUrlIsRequired() {
        assertRejectedNaming("  ", "is required");
    }
}
