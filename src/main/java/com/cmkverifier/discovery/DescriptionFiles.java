package com.cmkverifier.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Azure's description from files the Azure CLI prints (spec section 9): an {@code az graph query} answer
 * ({@code {"data": [...]}}, incomplete when it carries {@code skip_token}), an ARM list ({@code {"value": [...]}},
 * incomplete with {@code nextLink}), a top-level array, or one object. Directories are read recursively
 * ({@code *.json}).
 */
public final class DescriptionFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private DescriptionFiles() {
    }

    public static AzureDescription read(List<Path> paths) {
        AzureDescription d = new AzureDescription();
        for (Path p : paths) {
            for (Path f : files(p)) {
                readFile(f, d);
            }
        }
        return d;
    }

    private static List<Path> files(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p, e);
        }
    }

    private static void readFile(Path f, AzureDescription d) {
        JsonNode root;
        try {
            root = MAPPER.readTree(f.toFile());
        } catch (JsonProcessingException e) {
            d.skip(f.toString(), "not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            d.skip(f.toString(), "cannot read: " + e.getMessage());
            return;
        }
        if (root == null || root.isMissingNode()) {
            d.skip(f.toString(), "empty file");
        } else if (root.isArray()) {
            d.answer(f.toString(), items(root), true);
        } else if (root.path("data").isArray()) {
            boolean more = token(root, "skip_token") || token(root, "$skipToken") || token(root, "skipToken");
            d.answer(f.toString(), items(root.get("data")), !more);
        } else if (root.path("value").isArray()) {
            d.answer(f.toString(), items(root.get("value")), !token(root, "nextLink"));
        } else if (root.isObject()) {
            // One object (az resource show) says nothing about what else its subscription holds.
            d.answer(f.toString(), List.of(root), false);
        } else {
            d.skip(f.toString(), "not a resource description (object, array, {\"data\"} or {\"value\"})");
        }
    }

    private static boolean token(JsonNode root, String field) {
        JsonNode t = root.get(field);
        return t != null && !t.isNull() && !t.asText().isEmpty();
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
