package com.cmkverifier.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registry entry (spec section 5) as the lab writes it.
 *
 * @param identity {@code principalId}, {@code clientId} and, for user-assigned identities, {@code resourceId};
 *                 empty when the type's first-party caller applies
 */
record RegistryEntry(String name, String type, String resourceId, String key, Map<String, String> identity,
                     String workspaceId, Map<String, String> tags) {

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        if (resourceId != null) {
            m.put("resourceId", resourceId);
        }
        m.put("key", key);
        if (!identity.isEmpty()) {
            m.put("identity", identity);
        }
        m.put("workspaceId", workspaceId);
        m.put("tags", new TreeMap<>(tags));
        return m;
    }
}
