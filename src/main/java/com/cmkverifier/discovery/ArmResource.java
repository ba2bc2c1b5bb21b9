package com.cmkverifier.discovery;

import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.KeyReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One ARM resource body as Resource Graph, ARM or the Azure CLI print it ({@code id}, {@code name}, {@code type},
 * {@code identity}, {@code properties}), with the child resources Resource Graph lacks (SQL encryption protector,
 * storage encryption scopes) attached. Property names are looked up case-insensitively: services differ in casing
 * across API versions (Storage {@code keyvaultproperties}, Databricks {@code KeyName}).
 */
public final class ArmResource {

    private final JsonNode body;
    private final List<JsonNode> children;

    public ArmResource(JsonNode body, List<JsonNode> children) {
        this.body = body;
        this.children = List.copyOf(children);
    }

    public String id() {
        return at("id").asText();
    }

    public String name() {
        return at("name").asText();
    }

    /** The value at a dotted path, property names matched case-insensitively; a missing node when absent. */
    public JsonNode at(String dottedPath) {
        return at(body, dottedPath);
    }

    public static JsonNode at(JsonNode from, String dottedPath) {
        JsonNode n = from;
        for (String part : dottedPath.split("\\.")) {
            n = field(n, part);
        }
        return n;
    }

    private static JsonNode field(JsonNode n, String name) {
        if (n == null || !n.isObject()) {
            return MissingNode.getInstance();
        }
        JsonNode exact = n.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return MissingNode.getInstance();
    }

    /** Text at a path, trimmed; null when absent, null or empty. */
    public String text(String dottedPath) {
        return text(body, dottedPath);
    }

    public static String text(JsonNode from, String dottedPath) {
        JsonNode v = at(from, dottedPath);
        String s = v.isValueNode() && !v.isNull() ? v.asText().trim() : "";
        return s.isEmpty() ? null : s;
    }

    public boolean flag(String dottedPath) {
        JsonNode v = at(dottedPath);
        return v.asBoolean(false) || "true".equalsIgnoreCase(v.asText());
    }

    /** Attached child resources whose type ends with {@code typeSuffix} (e.g. {@code /encryptionProtector}). */
    public List<JsonNode> children(String typeSuffix) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : children) {
            if (text(c, "type") != null && text(c, "type").toLowerCase(Locale.ROOT)
                    .endsWith(typeSuffix.toLowerCase(Locale.ROOT))) {
                out.add(c);
            }
        }
        return out;
    }

    /** The system-assigned identity: its principal id (object id, what {@code oid} shows). */
    public ConfiguredIdentity systemAssigned() {
        return new ConfiguredIdentity(text("identity.principalId"), null, null);
    }

    /** A user-assigned identity by its resource id, with the principal and client id the resource lists for it. */
    public ConfiguredIdentity userAssigned(String identityResourceId) {
        JsonNode all = at("identity.userAssignedIdentities");
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(identityResourceId)) {
                return new ConfiguredIdentity(text(e.getValue(), "principalId"), text(e.getValue(), "clientId"),
                        e.getKey());
            }
        }
        return new ConfiguredIdentity(null, null, identityResourceId);
    }

    /** A user-assigned identity named by its client id (Container Registry, Cognitive Services, App Configuration). */
    public ConfiguredIdentity byClientId(String clientId) {
        for (Iterator<Map.Entry<String, JsonNode>> it = at("identity.userAssignedIdentities").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (clientId.equalsIgnoreCase(text(e.getValue(), "clientId"))) {
                return new ConfiguredIdentity(text(e.getValue(), "principalId"), clientId, e.getKey());
            }
        }
        return new ConfiguredIdentity(null, clientId, null);
    }

    /**
     * The identity when the properties name none: the only user-assigned one, else the system-assigned one.
     * Several user-assigned identities and no system-assigned one is ambiguous: no identity.
     */
    public ConfiguredIdentity soleIdentity() {
        List<String> uamis = new ArrayList<>();
        at("identity.userAssignedIdentities").fieldNames().forEachRemaining(uamis::add);
        String type = text("identity.type") == null ? "" : text("identity.type").toLowerCase(Locale.ROOT);
        if (type.contains("systemassigned") && text("identity.principalId") != null) {
            return systemAssigned();
        }
        return uamis.size() == 1 ? userAssigned(uamis.get(0)) : ConfiguredIdentity.NONE;
    }

    /** A UAMI resource id if given, else the system-assigned identity. */
    public ConfiguredIdentity userAssignedElseSystem(String identityResourceId) {
        return identityResourceId == null ? systemAssigned() : userAssigned(identityResourceId);
    }

    /** An identity as a resource states it; all null for a first-party caller or an ambiguous one. */
    public record ConfiguredIdentity(String principalId, String clientId, String resourceId) {
        public static final ConfiguredIdentity NONE = new ConfiguredIdentity(null, null, null);

        public ConfiguredKey with(KeyReference key) {
            return new ConfiguredKey(key, principalId, clientId, resourceId);
        }
    }
}
