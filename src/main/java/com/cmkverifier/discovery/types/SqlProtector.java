package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** SQL servers and managed instances share the encryption protector's shape. */
final class SqlProtector {

    private SqlProtector() {
    }

    static ResourceConfiguration read(ArmType type, ArmResource r) {
        List<JsonNode> protectors = r.children("/encryptionProtector");
        ArmResource.ConfiguredIdentity id = r.userAssignedElseSystem(r.text("properties.primaryUserAssignedIdentityId"));
        if (!protectors.isEmpty()) {
            JsonNode p = protectors.get(0);
            String uri = ArmResource.text(p, "properties.uri");
            if (!"AzureKeyVault".equalsIgnoreCase(ArmResource.text(p, "properties.serverKeyType")) || uri == null) {
                return type.of(r, List.of(), null);
            }
            // autoRotationEnabled: the server follows the newest version although the protector's uri is versioned.
            boolean auto = "true".equalsIgnoreCase(ArmResource.text(p, "properties.autoRotationEnabled"));
            return type.of(r, List.of(id.with(KeyUrls.parse(uri, auto))), null);
        }
        String keyId = r.text("properties.keyId");
        if (keyId != null) {
            return type.of(r, List.of(id.with(KeyUrls.parse(keyId, false))), null);
        }
        // Resource Graph lacks the protector: without it nothing is known, so nothing is claimed either way.
        return ResourceConfiguration.undetermined(r.id(), type.type(), r.name());
    }
}
