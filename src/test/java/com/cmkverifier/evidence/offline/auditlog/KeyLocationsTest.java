package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.KeyLocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class KeyLocationsTest {

    @Test
    void answersWhatTheLocatorAnswersForRepeatedAndUnseenTexts() {
        KeyLocations keys = new KeyLocations();
        List<String> texts = new ArrayList<>();
        // More distinct texts than the cache holds, each asked twice, so that answers survive a reset.
        for (int i = 0; i < KeyLocations.MAX_ENTRIES + 500; i++) {
            texts.add("https://kv-" + (i % 7) + ".vault.azure.net/keys/key-" + i + "/" + "0123456789abcdef0123456789abcdef");
        }
        texts.add("https://kv.vault.azure.net/secrets/not-a-key");
        texts.add("not a uri");
        for (int round = 0; round < 2; round++) {
            for (String text : texts) {
                assertEquals(KeyLocator.locate(text), keys.of(text), text);
            }
        }
    }

    @Test
    void aTextAskedAgainIsAnsweredFromTheTableByIdentityOrByEqualText() {
        KeyLocations keys = new KeyLocations();
        // Past the bound, so that the answers after a reset are held too; KeyLocator makes a new answer per call.
        for (int i = 0; i < KeyLocations.MAX_ENTRIES * 3; i++) {
            String text = "https://kv-" + (i % 7) + ".vault.azure.net/keys/key-" + i + "/0123456789abcdef0123456789abcdef";
            KeyLocator.Located first = keys.of(text);
            assertSame(first, keys.of(text), text);
            assertSame(first, keys.of(new String(text)), text);
        }
    }

    @Test
    void textsThatNameOneKeyShareItsInstance() {
        // The activity builder remembers its answers per key instance (AuditActivityBuilderTest).
        KeyLocations keys = new KeyLocations();
        KeyLocator.Located a = keys.of("https://kv.vault.azure.net/keys/k1/0123456789abcdef0123456789abcdef");
        KeyLocator.Located b = keys.of("https://KV.vault.azure.net/keys/K1/0123456789abcdef0123456789abcdef/unwrapkey");
        KeyLocator.Located c = keys.of("https://kv.vault.azure.net/keys/k1");
        assertSame(a.key(), b.key());
        assertSame(a.key(), c.key());
        assertEquals(KeyLocator.locate("https://kv.vault.azure.net/keys/k1"), c);
    }

    @Test
    void namesNoKeyForNullOrForATextThatNamesNone() {
        KeyLocations keys = new KeyLocations();
        assertNull(keys.of(null));
        assertNull(keys.of("https://kv.vault.azure.net/secrets/s1"));
        assertNull(keys.of("https://kv.vault.azure.net/secrets/s1"));
    }
}
