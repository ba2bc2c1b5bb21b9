package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.KeyLocator;
import com.cmkverifier.core.model.KeyId;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The key a record's id or request URI names, worked out once per distinct text: a blob names a few keys and
 * versions thousands of times, and lower-casing and taking each apart again cost about a tenth of the reading.
 * An open-addressed table compared by identity first, because the line reader hands out one string per
 * distinct text ({@link Latin1Strings}): a HashMap's lookup showed in the profile. Bounded, so that a file of
 * unique URIs cannot grow it without limit. Not thread-safe: one per reader.
 */
final class KeyLocations {

    static final int MAX_ENTRIES = 16384;
    /** Twice the entries, so that a lookup probes few slots. */
    private static final int SLOTS = 2 * MAX_ENTRIES;
    /** Stands for "names no key", so that a slot's answer is never null. */
    private static final KeyLocator.Located NONE = new KeyLocator.Located(null, null);

    private final String[] texts = new String[SLOTS];
    /** Each text's hash: a probe passes texts that share a long prefix, and comparing them showed. */
    private final int[] hashes = new int[SLOTS];
    private final KeyLocator.Located[] located = new KeyLocator.Located[SLOTS];
    /**
     * One instance per key for all the texts that name it (versions, operations), so that the activity builder can
     * remember its answers for a key by identity.
     */
    private final Map<KeyId, KeyId> sameKeys = new HashMap<>();
    private int size;

    /** @return what {@link KeyLocator#locate} answers for {@code idOrUri} */
    KeyLocator.Located of(String idOrUri) {
        if (idOrUri == null) {
            return null;
        }
        int hash = idOrUri.hashCode();
        int slot = slot(hash);
        for (String text; (text = texts[slot]) != null; slot = (slot + 1) & (SLOTS - 1)) {
            if (text == idOrUri || hashes[slot] == hash && text.equals(idOrUri)) {
                KeyLocator.Located known = located[slot];
                return known == NONE ? null : known;
            }
        }
        KeyLocator.Located found = KeyLocator.locate(idOrUri);
        if (found != null) {
            KeyId key = sameKeys.computeIfAbsent(found.key(), k -> k);
            found = key == found.key() ? found : new KeyLocator.Located(key, found.version());
        }
        put(idOrUri, hash, found == null ? NONE : found);
        return found;
    }

    private void put(String text, int hash, KeyLocator.Located answer) {
        if (size >= MAX_ENTRIES) {
            Arrays.fill(texts, null);
            Arrays.fill(located, null);
            sameKeys.clear();
            size = 0;
        }
        int slot = slot(hash);
        while (texts[slot] != null) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        texts[slot] = text;
        hashes[slot] = hash;
        located[slot] = answer;
        size++;
    }

    private static int slot(int h) {
        return (h ^ (h >>> 15)) & (SLOTS - 1);
    }
}
