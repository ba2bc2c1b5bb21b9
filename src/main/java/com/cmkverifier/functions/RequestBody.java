package com.cmkverifier.functions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a JSON request body under limits that keep hostile input cheap: at most {@link #MAX_BYTES}, nesting at
 * most {@link #MAX_DEPTH}, exactly one JSON object.
 */
final class RequestBody {

    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_BYTES).build());
    }

    private RequestBody() {
    }

    static JsonNode object(Optional<String> body) {
        String text = body.orElse("");
        if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw Problem.tooLarge(MAX_BYTES);
        }
        if (text.isBlank()) {
            throw Problem.invalid("body", "is required: a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw Problem.invalid("body", "is nested deeper than " + MAX_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw Problem.invalid("body", "is not valid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw Problem.invalid("body", "must be a JSON object");
        }
        return node;
    }
}
