package com.cmkverifier.evidence.keyvault;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.RecordedAnswers;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key Vault's own answers, replayed verbatim from the Azure SDK for Java's recorded sessions (MIT; origin in
 * {@code src/test/resources/wire/recorded/README.md}), read by the real {@code KeyClient} through our source.
 */
class RecordedKeyVaultAnswersTest {

    /** The vault and key of the recording (KeyClientTest.getDeletedKey[1].json). */
    private static final KeyId RECORDED = new KeyId("azure-kv-tests2.vault.azure.net", "testKey6");

    private WireServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private KeyLookup lookup(Map<String, Reply> byPath) {
        server = WireServer.start((Received r) -> {
            if (!r.authenticated()) {
                return Reply.error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.")
                        .withHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                                + "00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"");
            }
            return byPath.getOrDefault(r.path(), Reply.error(400, "BadParameter", "not recorded: " + r.path()));
        });
        KeyVaultKeyMetadataSource source = new KeyVaultKeyMetadataSource(new DummyCredential(),
                WireServer.trustingClient(), WireServer.retries(0), Duration.ofSeconds(10), 2,
                VaultEndpoints.overriding(Map.of(RECORDED.vaultHost(), server.baseUrl())));
        return source.lookup(RECORDED, Set.of());
    }

    @Test
    void aSoftDeletedKeyIsReadFromTheRecordedDeletedKeyBundle() {
        KeyLookup found = lookup(Map.of(
                "/keys/testkey6/", Reply.json(404, RecordedAnswers.text("keyvault-key-not-found-404.json")),
                "/deletedkeys/testkey6", Reply.json(200, RecordedAnswers.text("keyvault-deleted-key.json"))));

        KeyLookup.Deleted deleted = assertInstanceOf(KeyLookup.Deleted.class, found, found::toString);
        assertEquals(Instant.ofEpochSecond(1619164119), deleted.deletedDate());
        assertTrue(deleted.detail().contains("purged on 2021-07-22"), deleted.detail());
    }

    @Test
    void aKeyThatIsNeitherThereNorDeletedIsNotFound() {
        KeyLookup found = lookup(Map.of(
                "/keys/testkey6/", Reply.json(404, RecordedAnswers.text("keyvault-key-not-found-404.json")),
                "/deletedkeys/testkey6", Reply.json(404,
                        RecordedAnswers.text("keyvault-deleted-key-not-found-404.json"))));

        assertInstanceOf(KeyLookup.NotFound.class, found, found::toString);
    }
}
