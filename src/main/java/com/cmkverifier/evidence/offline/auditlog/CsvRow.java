package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.evidence.offline.LenientJson;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** A CSV row read against its file's header, so that column order does not matter. */
record CsvRow(Map<String, Integer> header, List<String> values) implements Row {

    @Override
    public boolean has(String column) {
        return header.containsKey(column);
    }

    @Override
    public String text(String column) {
        Integer i = header.get(column);
        if (i == null || i >= values.size()) {
            return null;
        }
        String v = values.get(i);
        return v == null || v.isEmpty() ? null : v;
    }

    @Override
    public JsonNode json(String column) {
        return LenientJson.object(LenientJson.textNode(text(column)));
    }
}
