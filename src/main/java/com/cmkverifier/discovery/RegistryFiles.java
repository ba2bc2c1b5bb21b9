package com.cmkverifier.discovery;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.registry.RegistryReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Writes a registry file ({@code {"resources": [...]}}) that {@link RegistryReader} reads back unchanged. */
public final class RegistryFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RegistryFiles() {
    }

    /**
     * One discovery into a registry file: reads {@code registry} (if given), asks {@code description} (which may
     * throw: then nothing is written), merges, and replaces {@code output} whole or not at all.
     */
    public static Discovery.Result discoverInto(Path registry, Path output, Supplier<AzureDescription> description,
                                                Instant now) {
        Registry existing = registry == null ? new Registry(List.of()) : RegistryReader.read(registry);
        Discovery.Result result = Discovery.discover(description.get(), existing, now);
        write(output, json(result.registry()));
        return result;
    }

    private static void write(Path output, String json) {
        try {
            Path target = output.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".registry", ".tmp");
            try {
                Files.writeString(tmp, json, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
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
