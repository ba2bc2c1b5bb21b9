package com.cmkverifier.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One registry entry (spec section 5): a resource, the key it must use, the identity that calls Key Vault for
 * it, and where its vault's audit logs land. {@code proofOperations} is empty when the type default applies;
 * {@code extra} keeps fields this version does not know, so that a round trip never loses them.
 */
public record ProtectedResource(String name, String type, String resourceId, KeyReference key,
                                String principalId, String clientId, String identityResourceId,
                                String workspaceId, List<String> proofOperations, Map<String, String> tags,
                                Map<String, Object> extra) {

    public ProtectedResource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        proofOperations = proofOperations == null ? List.of() : List.copyOf(proofOperations);
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }
}
