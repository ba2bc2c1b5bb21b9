package com.cmkverifier.evidence.offline;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The lenient value reading every foreign evidence shape needs: absent, null and odd values read as null. */
public final class LenientJson {

    private LenientJson() {
    }

    /** Scalar as text (numbers too); null for absent, JSON null, empty strings and containers. */
    public static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    public static JsonNode textNode(String s) {
        return s == null ? null : TextNode.valueOf(s);
    }

    /**
     * An object, or a string holding one: {@code identity} appears as an escaped JSON string in the Managed HSM
     * sample, and dynamic columns arrive as strings in Log Analytics exports. Null for anything else.
     */
    public static JsonNode object(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isObject()) {
            return n;
        }
        String s = n.isTextual() ? n.asText().trim() : "";
        if (!s.startsWith("{")) {
            return null;
        }
        try {
            JsonNode parsed = Jackson.MAPPER.readTree(s);
            return parsed != null && parsed.isObject() ? parsed : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The value at a path of field names, or null. */
    public static JsonNode at(JsonNode n, String... path) {
        JsonNode cur = n;
        for (String p : path) {
            if (cur == null) {
                return null;
            }
            cur = cur.get(p);
        }
        return cur;
    }
}
