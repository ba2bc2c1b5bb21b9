package com.cmkverifier.evidence.keyvault;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyVaultKeyMetadataSourceTest {

    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final KeyId KEY = new KeyId("kv-cmk-prod.vault.azure.net", "stg-cmk");

    private final FakeKeyVault vault = new FakeKeyVault();
    private final DummyCredential credential = new DummyCredential();

    @AfterEach
    void stop() {
        vault.close();
    }

    private KeyVaultKeyMetadataSource source(String host) {
        return source(host, Duration.ofSeconds(5), 2);
    }

    private KeyVaultKeyMetadataSource source(String host, Duration timeout, int retries) {
        return new KeyVaultKeyMetadataSource(credential, WireServer.trustingClient(), WireServer.retries(retries),
                timeout, 8, VaultEndpoints.overriding(Map.of(host, vault.endpointFor(host))));
    }

    private List<KeyVersion> threeVersions() {
        return List.of(SampleKeys.rsa(1, T0), SampleKeys.rsa(2, T0.plusSeconds(86_400)),
                SampleKeys.rsa(3, T0.plusSeconds(2 * 86_400)));
    }

    @Test
    void foundKeyCarriesEveryListedVersionAndTheLatestDetails() {
        vault.put(KEY, threeVersions());

        KeyLookup.Found found = assertInstanceOf(KeyLookup.Found.class,
                source(KEY.vaultHost()).lookup(KEY, Set.of()));

        assertEquals(3, found.versions().size());
        assertTrue(found.versionListComplete());
        KeyVersion newest = found.newest().orElseThrow();
        assertEquals(SampleKeys.version(3), newest.version());
        assertEquals("RSA", newest.keyType());
        assertEquals(2048, newest.keySizeBits());
        assertEquals(SampleKeys.CMK_OPS, newest.keyOps());
        assertEquals("Recoverable", newest.recoveryLevel());
    }

    @Test
    void versionListingFollowsNextLinkAcrossPages() {
        vault.put(KEY, threeVersions());

        source(KEY.vaultHost()).lookup(KEY, Set.of());

        assertEquals(2, vault.requests(KEY, "versions"), "3 versions at 2 per page");
    }

    @Test
    void pinnedVersionIsReadWithDetails() {
        vault.put(KEY, threeVersions());

        KeyLookup.Found found = assertInstanceOf(KeyLookup.Found.class,
                source(KEY.vaultHost()).lookup(KEY, Set.of(SampleKeys.version(1))));

        assertEquals("RSA", found.version(SampleKeys.version(1)).orElseThrow().keyType());
        assertEquals(1, vault.requests(KEY, "version"));
    }

    @Test
    void pinnedVersionThatDoesNotExistIsAbsentFromACompleteListing() {
        vault.put(KEY, threeVersions());

        KeyLookup.Found found = assertInstanceOf(KeyLookup.Found.class,
                source(KEY.vaultHost()).lookup(KEY, Set.of(SampleKeys.version(9))));

        assertTrue(found.versionListComplete());
        assertTrue(found.version(SampleKeys.version(9)).isEmpty());
    }

    @Test
    void missingKeyIsNotFound() {
        assertInstanceOf(KeyLookup.NotFound.class, source(KEY.vaultHost()).lookup(KEY, Set.of()));
    }

    @Test
    void softDeletedKeyIsDeletedWithItsDeletionDate() {
        vault.softDelete(KEY, T0.plusSeconds(3600), threeVersions());

        KeyLookup.Deleted deleted = assertInstanceOf(KeyLookup.Deleted.class,
                source(KEY.vaultHost()).lookup(KEY, Set.of()));

        assertEquals(T0.plusSeconds(3600), deleted.deletedDate());
    }

    @Test
    void forbiddenKeyIsUnavailableNamingTheVaultAndTheMissingRole() {
        vault.put(KEY, threeVersions()).forbid(KEY);

        KeyLookup.Unavailable u = assertInstanceOf(KeyLookup.Unavailable.class,
                source(KEY.vaultHost()).lookup(KEY, Set.of()));

        assertTrue(u.detail().contains("kv-cmk-prod"), u.detail());
        assertTrue(u.detail().contains("Key Vault Reader"), u.detail());
    }

    @Test
    void theProbesVersionSwitchAlsoNamesTheFirewallNotAMissingRole() {
        vault.put(KEY, threeVersions()).firewall(KEY.vaultHost());
        KeyVaultVersionSwitch versions = new KeyVaultVersionSwitch(credential, WireServer.trustingClient(),
                WireServer.retries(2), Duration.ofSeconds(5),
                VaultEndpoints.overriding(Map.of(KEY.vaultHost(), vault.endpointFor(KEY.vaultHost()))));

        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> versions.read(KEY, threeVersions().get(0).version()));

        assertTrue(e.getMessage().contains("ForbiddenByFirewall") && e.getMessage().contains("network rules"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("Crypto Officer"), e.getMessage());
    }

    @Test
    void aVaultFirewallIsReportedAsTheNetworkNotAMissingRole() {
        vault.put(KEY, threeVersions()).firewall(KEY.vaultHost());

        KeyLookup.Unavailable u = assertInstanceOf(KeyLookup.Unavailable.class,
                source(KEY.vaultHost()).lookup(KEY, Set.of()));

        assertTrue(u.detail().contains("ForbiddenByFirewall: Client address is not authorized and caller is not a"
                + " trusted service.") && u.detail().contains("firewall") && u.detail().contains("private endpoint")
                && u.detail().contains("network rules"), u.detail());
        assertTrue(!u.detail().contains("Key Vault Reader") && !u.detail().contains("\r"), u.detail());
        assertEquals(1, vault.requests(KEY, "get"), "a refusal is not retried");
    }

    @Test
    void theRotationPolicyIsNeverReadBecauseNoRuleUsesIt() {
        vault.put(KEY, threeVersions()).rotationPolicy(KEY, "P90D");

        assertInstanceOf(KeyLookup.Found.class, source(KEY.vaultHost()).lookup(KEY, Set.of()));

        assertEquals(1, vault.requests(KEY, "get"));
        assertEquals(0, vault.requests(KEY, "rotationpolicy"));
    }

    @Test
    void throttledRequestIsRetriedAfterRetryAfter() {
        vault.put(KEY, threeVersions());
        vault.server().failNext(r -> r.authenticated() && r.path().endsWith("/keys/stg-cmk/"), 1, Reply.throttled(1));

        assertInstanceOf(KeyLookup.Found.class, source(KEY.vaultHost()).lookup(KEY, Set.of()));
        assertEquals(2, vault.requests(KEY, "get"));
    }

    @Test
    void serverErrorsBeyondTheRetriesMakeTheKeyUnavailable() {
        vault.put(KEY, threeVersions());
        vault.server().failNext(r -> r.authenticated(), 100, Reply.error(500, "InternalError", "boom"));

        KeyLookup.Unavailable u = assertInstanceOf(KeyLookup.Unavailable.class,
                source(KEY.vaultHost()).lookup(KEY, Set.of()));

        assertTrue(u.detail().contains("500"), u.detail());
        assertEquals(3, vault.requests(KEY, "get"), "one try and two retries");
    }

    @Test
    void slowVaultBeyondTheTimeoutMakesTheKeyUnavailable() {
        vault.put(KEY, threeVersions());
        vault.server().delayNext(r -> r.authenticated(), 100, Duration.ofSeconds(30));

        assertInstanceOf(KeyLookup.Unavailable.class,
                source(KEY.vaultHost(), Duration.ofSeconds(2), 1).lookup(KEY, Set.of()));
        assertEquals(2, vault.requests(KEY, "get"), "one try and one retry");
    }

    @Test
    void hostOutsideKeyVaultIsRefusedBeforeAnyRequest() {
        KeyId evil = new KeyId("kv-cmk-prod.vault.azure.net.evil.example", "stg-cmk");

        KeyLookup.Unavailable u = assertInstanceOf(KeyLookup.Unavailable.class,
                source(evil.vaultHost()).lookup(evil, Set.of()));

        assertTrue(u.detail().startsWith("refused"), u.detail());
        assertEquals(0, vault.server().received().size());
        assertTrue(credential.scopesRequested().isEmpty());
    }

    @Test
    void keyNameThatIsNotAKeyVaultNameIsRefusedBeforeAnyRequest() {
        KeyId odd = new KeyId("kv-cmk-prod.vault.azure.net", "../secrets/db");

        assertInstanceOf(KeyLookup.Unavailable.class, source(odd.vaultHost()).lookup(odd, Set.of()));
        assertEquals(0, vault.server().received().size());
    }

    @Test
    void firstRequestToAVaultIsAnsweredWithTheBearerChallengeOnce() {
        KeyId other = new KeyId("kv-cmk-prod.vault.azure.net", "sql-tde");
        vault.put(KEY, threeVersions()).put(other, threeVersions());
        KeyVaultKeyMetadataSource source = source(KEY.vaultHost());

        source.lookup(KEY, Set.of());
        source.lookup(other, Set.of());

        assertEquals(1, vault.server().count(r -> !r.authenticated()));
        assertEquals(List.of("https://vault.azure.net/.default"), credential.scopesRequested().get(0));
    }
}
