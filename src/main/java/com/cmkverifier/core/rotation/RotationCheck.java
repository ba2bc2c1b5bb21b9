package com.cmkverifier.core.rotation;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rotation-readiness use case shared by {@code cmkv versions} and the HTTP route: read the key's metadata
 * and its audit activity over the look-back (one log query for the key, summarised on the server when live),
 * then assess every version against the registry entries on the key.
 */
public final class RotationCheck {

    private final AuditLogSource logs;
    private final KeyMetadataSource keys;

    public RotationCheck(AuditLogSource logs, KeyMetadataSource keys) {
        this.logs = logs;
        this.keys = keys;
    }

    /**
     * @param workspaceId where the vault's audit logs are (live); null takes the first registry entry's on the key
     */
    public RotationReport run(KeyReference key, Window lookBack, Registry registry, String workspaceId) {
        KeyReference versionless = new KeyReference(key.vaultHost(), key.keyName(), null);
        List<ProtectedResource> onKey = registry.onKey(key.keyId());
        String ws = workspaceId != null ? workspaceId : onKey.stream().map(ProtectedResource::workspaceId)
                .filter(Objects::nonNull).findFirst().orElse(null);
        // The question is about the key, not a resource: a stand-in entry with no identity asks for its activity.
        ProtectedResource standIn = new ProtectedResource(key.keyName(), "", null, versionless, null, null, null,
                ws, List.of(), Map.of(), Map.of());
        Set<String> pinned = new java.util.TreeSet<>();
        onKey.stream().filter(r -> r.key().isPinned()).forEach(r -> pinned.add(r.key().version()));
        return RotationReadiness.assess(key.keyId(), keys.lookup(key.keyId(), pinned),
                logs.read(List.of(standIn), lookBack), onKey, lookBack);
    }
}
