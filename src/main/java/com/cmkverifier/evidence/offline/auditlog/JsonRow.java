package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.evidence.offline.LenientJson;
import com.fasterxml.jackson.databind.JsonNode;

/** A row given as a JSON object; values may be strings even for numbers, dynamic values may be JSON strings. */
record JsonRow(JsonNode node) implements Row {

    @Override
    public boolean has(String column) {
        return node.has(column);
    }

    @Override
    public String text(String column) {
        return LenientJson.text(node.get(column));
    }

    @Override
    public JsonNode json(String column) {
        return LenientJson.object(node.get(column));
    }
}
