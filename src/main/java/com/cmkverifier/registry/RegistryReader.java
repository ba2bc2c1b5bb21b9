package com.cmkverifier.registry;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.types.ResourceTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates registry entries (spec section 5). Every invalid field is reported with its path, never
 * silently dropped; unknown fields are kept and written back by {@link #toJson}.
 */
public final class RegistryReader {

    /** Names travel in URLs, table keys and reports: keep them plain. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    public static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,99}(/[A-Za-z][A-Za-z0-9]{0,99}){0,3}");
    private static final Pattern ARM_ID = Pattern.compile("/subscriptions/[0-9A-Za-z-]{1,64}(/[A-Za-z0-9._()-]{1,260}){1,12}",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> KNOWN = Set.of("name", "type", "resourceId", "key", "identity", "workspaceId",
            "proofOperations", "tags");
    private static final Set<String> KNOWN_IDENTITY = Set.of("principalId", "clientId", "resourceId");
    /** Registries are small; a cap keeps a hostile request from making the parser work hard. */
    private static final int MAX_DEPTH = 32;

    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    private RegistryReader() {
    }

    /** Reads a registry file ({@code {"resources": [...]}}). */
    public static Registry read(Path file) {
        // On Linux a directory opens and fails only on its first read, with a message that names no path.
        if (Files.isDirectory(file)) {
            throw new RegistryException("registry", file + " is a directory, not a registry file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (NoSuchFileException e) {
            throw new RegistryException("registry", "file not found: " + file);
        } catch (IOException e) {
            throw new RegistryException("registry", "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static Registry read(InputStream in) {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new RegistryException("registry", "not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RegistryException("registry", "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("resources").isArray()) {
            throw new RegistryException("resources", "a registry is an object with a \"resources\" array");
        }
        List<FieldError> errors = new ArrayList<>();
        List<ProtectedResource> resources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        ArrayNode entries = (ArrayNode) root.get("resources");
        for (int i = 0; i < entries.size(); i++) {
            String path = "resources[" + i + "]";
            try {
                ProtectedResource r = parseEntry(entries.get(i), path);
                if (!names.add(r.name().toLowerCase(Locale.ROOT))) {
                    errors.add(new FieldError(path + ".name", "duplicate name '" + r.name() + "'"));
                } else {
                    resources.add(r);
                }
            } catch (RegistryException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new RegistryException(errors);
        }
        return new Registry(resources);
    }

    /** Parses one entry; {@code path} prefixes field names in errors (e.g. {@code resources[3]}, or empty). */
    public static ProtectedResource parseEntry(JsonNode node, String path) {
        String p = path == null || path.isEmpty() ? "" : path + ".";
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw new RegistryException(path == null || path.isEmpty() ? "resource" : path, "must be a JSON object");
        }
        String name = text(node, "name", p, true, errors);
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add(new FieldError(p + "name", "must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        String type = text(node, "type", p, true, errors);
        if (type != null && !TYPE.matcher(type).matches()) {
            errors.add(new FieldError(p + "type", "must be a resource type like Microsoft.Storage/storageAccounts"));
        }
        String resourceId = armId(node, "resourceId", p, errors);
        KeyReference key = null;
        String keyUrl = text(node, "key", p, true, errors);
        if (keyUrl != null) {
            try {
                key = KeyReference.parse(keyUrl);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(p + "key", e.getMessage()));
            }
        }
        JsonNode identity = node.get("identity");
        String principalId = null;
        String clientId = null;
        String identityResourceId = null;
        Map<String, Object> extra = new LinkedHashMap<>();
        if (identity != null && !identity.isNull()) {
            if (!identity.isObject()) {
                errors.add(new FieldError(p + "identity", "must be an object with principalId and/or clientId"));
            } else {
                principalId = guid(identity, "principalId", p + "identity.", errors);
                clientId = guid(identity, "clientId", p + "identity.", errors);
                identityResourceId = armId(identity, "resourceId", p + "identity.", errors);
                Map<String, Object> unknownIdentity = unknown(identity, KNOWN_IDENTITY);
                if (!unknownIdentity.isEmpty()) {
                    extra.put("identity", unknownIdentity);
                }
            }
        }
        if (type != null && principalId == null && clientId == null
                && !ResourceTypes.profile(type).hasFirstPartyCaller() && errors.stream().noneMatch(
                        e -> e.field().startsWith(p + "identity"))) {
            errors.add(new FieldError(p + "identity", "needs principalId or clientId: " + type
                    + " has no first-party default caller"));
        }
        String workspaceId = guid(node, "workspaceId", p, errors);
        List<String> proofOps = proofOperations(node, p, errors);
        Map<String, String> tags = tags(node, p, errors);
        unknown(node, KNOWN).forEach(extra::put);
        if (!errors.isEmpty()) {
            throw new RegistryException(errors);
        }
        return new ProtectedResource(name, type, resourceId, key, principalId, clientId, identityResourceId,
                workspaceId, proofOps, tags, extra);
    }

    /** The entry as JSON, unknown fields included, so that a read-write round trip loses nothing. */
    @SuppressWarnings("unchecked")
    public static ObjectNode toJson(ProtectedResource r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", r.name());
        o.put("type", r.type());
        if (r.resourceId() != null) {
            o.put("resourceId", r.resourceId());
        }
        o.put("key", r.key().url());
        ObjectNode identity = MAPPER.createObjectNode();
        if (r.principalId() != null) {
            identity.put("principalId", r.principalId());
        }
        if (r.clientId() != null) {
            identity.put("clientId", r.clientId());
        }
        if (r.identityResourceId() != null) {
            identity.put("resourceId", r.identityResourceId());
        }
        Object extraIdentity = r.extra().get("identity");
        if (extraIdentity instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> identity.set(k, MAPPER.valueToTree(v)));
        }
        if (!identity.isEmpty()) {
            o.set("identity", identity);
        }
        if (r.workspaceId() != null) {
            o.put("workspaceId", r.workspaceId());
        }
        if (!r.proofOperations().isEmpty()) {
            ArrayNode ops = o.putArray("proofOperations");
            r.proofOperations().forEach(ops::add);
        }
        if (!r.tags().isEmpty()) {
            ObjectNode tags = o.putObject("tags");
            r.tags().forEach(tags::put);
        }
        r.extra().forEach((k, v) -> {
            if (!k.equals("identity")) {
                o.set(k, MAPPER.valueToTree(v));
            }
        });
        return o;
    }

    private static String text(JsonNode node, String field, String p, boolean required, List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(p + field, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(p + field, "must be a string"));
            return null;
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            errors.add(new FieldError(p + field, required ? "is required" : "must not be empty"));
            return null;
        }
        return s;
    }

    private static String guid(JsonNode node, String field, String p, List<FieldError> errors) {
        String s = text(node, field, p, false, errors);
        if (s != null && !GUID.matcher(s).matches()) {
            errors.add(new FieldError(p + field, "must be a GUID"));
            return null;
        }
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String armId(JsonNode node, String field, String p, List<FieldError> errors) {
        String s = text(node, field, p, false, errors);
        if (s != null && !ARM_ID.matcher(s).matches()) {
            errors.add(new FieldError(p + field, "must be an Azure resource id starting with /subscriptions/"));
            return null;
        }
        return s;
    }

    private static List<String> proofOperations(JsonNode node, String p, List<FieldError> errors) {
        JsonNode v = node.get("proofOperations");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.isEmpty()) {
            errors.add(new FieldError(p + "proofOperations", "must be a non-empty array such as [\"KeyUnwrap\"]"));
            return List.of();
        }
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode op = v.get(i);
            String canonical = op.isTextual() ? canonicalUseOperation(op.asText()) : null;
            if (canonical == null) {
                errors.add(new FieldError(p + "proofOperations[" + i + "]", "must be one of "
                        + String.join(", ", ResourceTypes.USE_OPERATIONS.stream().sorted().toList())
                        + " (KeyGet is never proof of use)"));
            } else {
                ops.add(canonical);
            }
        }
        return ops;
    }

    private static String canonicalUseOperation(String op) {
        return ResourceTypes.USE_OPERATIONS.stream().filter(u -> u.equalsIgnoreCase(op.trim())).findFirst().orElse(null);
    }

    private static Map<String, String> tags(JsonNode node, String p, List<FieldError> errors) {
        JsonNode v = node.get("tags");
        Map<String, String> tags = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return tags;
        }
        if (!v.isObject()) {
            errors.add(new FieldError(p + "tags", "must be an object of string values"));
            return tags;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                errors.add(new FieldError(p + "tags." + e.getKey(), "must be a string"));
            } else {
                tags.put(e.getKey(), e.getValue().asText());
            }
        }
        return tags;
    }

    private static Map<String, Object> unknown(JsonNode node, Set<String> known) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                out.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
            }
        }
        return out;
    }
}
