package com.cmkverifier.functions;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** Parses JSON this app wrote itself (stored verdicts, bundled resources); a failure there is a fault. */
final class StoredJson {

    private StoredJson() {
    }

    static JsonNode parse(String text) {
        try {
            return Jackson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable at " + e.getLocation());
        }
    }
}
