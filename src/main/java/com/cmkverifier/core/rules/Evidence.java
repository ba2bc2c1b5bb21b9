package com.cmkverifier.core.rules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a finding's evidence map: insertion-ordered, nulls left out, instants as ISO-8601 strings. */
final class Evidence {

    private final Map<String, Object> map = new LinkedHashMap<>();

    static Evidence of() {
        return new Evidence();
    }

    Evidence put(String key, Object value) {
        if (value instanceof Instant t) {
            map.put(key, t.toString());
        } else if (value != null) {
            map.put(key, value);
        }
        return this;
    }

    Map<String, Object> map() {
        return map;
    }
}
