package com.cmkverifier.discovery;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.registry.RegistryReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/** Writes a registry file ({@code {"resources": [...]}}) that {@link RegistryReader} reads back unchanged. */
public final class RegistryFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RegistryFiles() {
    }

    public static String json(List<ProtectedResource> entries) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray("resources");
        entries.forEach(e -> list.add(RegistryReader.toJson(e)));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
