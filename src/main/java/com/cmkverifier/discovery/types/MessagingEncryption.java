package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Service Bus and Event Hubs namespaces: up to three keys, the namespace stays up while any one works. */
final class MessagingEncryption {

    private MessagingEncryption() {
    }

    static ResourceConfiguration read(ArmType type, ArmResource r) {
        List<ConfiguredKey> keys = new ArrayList<>();
        if ("Microsoft.KeyVault".equalsIgnoreCase(r.text("properties.encryption.keySource"))) {
            for (JsonNode k : r.at("properties.encryption.keyVaultProperties")) {
                keys.add(r.userAssignedElseSystem(ArmResource.text(k, "identity.userAssignedIdentity")).with(KeyUrls.of(
                        ArmResource.text(k, "keyVaultUri"), ArmResource.text(k, "keyName"),
                        ArmResource.text(k, "keyVersion"))));
            }
        }
        return type.of(r, keys, null);
    }
}
