package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.KeyLocator;

import java.util.HashMap;
import java.util.Map;

/**
 * The key a record's id or request URI names, worked out once per distinct text: a blob names a few keys and
 * versions thousands of times, and lower-casing and taking each apart again cost about a tenth of the reading.
 * Bounded, so that a file of unique URIs cannot grow it without limit. Not thread-safe: one per reader.
 */
final class KeyLocations {

    static final int MAX_ENTRIES = 16384;
    /** Stands for "names no key", which the map cannot hold as null. */
    private static final KeyLocator.Located NONE = new KeyLocator.Located(null, null);

    private final Map<String, KeyLocator.Located> located = new HashMap<>();

    /** @return what {@link KeyLocator#locate} answers for {@code idOrUri} */
    KeyLocator.Located of(String idOrUri) {
        if (idOrUri == null) {
            return null;
        }
        KeyLocator.Located known = located.get(idOrUri);
        if (known == null) {
            if (located.size() >= MAX_ENTRIES) {
                located.clear();
            }
            KeyLocator.Located found = KeyLocator.locate(idOrUri);
            known = found == null ? NONE : found;
            located.put(idOrUri, known);
        }
        return known == NONE ? null : known;
    }
}
