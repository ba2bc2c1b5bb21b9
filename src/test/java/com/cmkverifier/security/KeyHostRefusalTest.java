package com.cmkverifier.security;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.evidence.keyvault.KeyVaultKeyMetadataSource;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key URLs reach only Key Vault and Managed HSM: a hostile one is refused when the registry is read, and a key
 * that got past it anyway is refused by the Key Vault source before any request or token, even when the test
 * routes that host to a listening server.
 */
class KeyHostRefusalTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/keys/k", "https://[::1]/keys/k", "https://localhost/keys/k",
            "http://kv-a.vault.azure.net/keys/k", "https://user:pw@kv-a.vault.azure.net/keys/k",
            "https://kv-a.vault.azure.net@evil.example/keys/k", "https://kv-a.vault.azure.net:8443/keys/k",
            "https://kv-a.vault.azure.net.evil.example/keys/k", "https://kv-\u0430.vault.azure.net/keys/k",
            "https://kv-a.vault.azure.net/keys/k?api-version=1", "https://kv-a.vault.azure.net/secrets/k",
            "https://kv-a.blob.core.windows.net/keys/k", "https://kv-a.vault.azure.net/keys/k|x",
            "https://kv-a.vault.azure.net/keys/k\"", "https://kv-a.vault.azure.net/keys/k\nx",
            "file:///etc/passwd", "https://kv-a.vault.azure.net%2f@evil.example/keys/k"})
    void aKeyUrlOffKeyVaultIsRejectedWithAReason(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyReference.parse(url));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "kv-a.vault.azure.net.evil.example", "kv-\u0430.vault.azure.net",
            "evil.example", "kv-a.vault.azure.net:8443", "user@kv-a.vault.azure.net"})
    void aHostileHostGetsNoRequestAndNoToken(String host) {
        try (FakeKeyVault vault = new FakeKeyVault()) {
            DummyCredential credential = new DummyCredential();
            KeyVaultKeyMetadataSource source = new KeyVaultKeyMetadataSource(credential, WireServer.trustingClient(),
                    WireServer.retries(0), Duration.ofSeconds(5), 4,
                    VaultEndpoints.overriding(Map.of(host, vault.endpointFor(host))));

            KeyLookup lookup = source.lookup(new KeyId(host, "stg-cmk"), Set.of());

            assertTrue(assertInstanceOf(KeyLookup.Unavailable.class, lookup).detail().startsWith("refused"));
            assertEquals(0, vault.server().received().size());
            assertEquals(0, credential.scopesRequested().size());
        }
    }
}
