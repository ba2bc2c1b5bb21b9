package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.ArmResource.ConfiguredIdentity;
import com.cmkverifier.discovery.KeyUrls;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Storage accounts: {@code encryption.keySource} {@code Microsoft.Keyvault} with lower-case {@code keyvaultproperties}; encryption scopes (read through ARM) may use other keys with the account's identity. */
public final class StorageAccounts implements ArmType {

    @Override
    public String type() {
        return "Microsoft.Storage/storageAccounts";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String fed = r.text("properties.encryption.identity.federatedIdentityClientId");
        ConfiguredIdentity id = fed != null ? new ConfiguredIdentity(null, fed, null)
                : r.userAssignedElseSystem(r.text("properties.encryption.identity.userAssignedIdentity"));
        List<ConfiguredKey> keys = new ArrayList<>();
        if ("Microsoft.Keyvault".equalsIgnoreCase(r.text("properties.encryption.keySource"))) {
            keys.add(id.with(KeyUrls.of(r.text("properties.encryption.keyvaultproperties.keyvaulturi"),
                    r.text("properties.encryption.keyvaultproperties.keyname"),
                    r.text("properties.encryption.keyvaultproperties.keyversion"))));
        }
        for (JsonNode scope : r.children("/encryptionScopes")) {
            if ("Microsoft.KeyVault".equalsIgnoreCase(ArmResource.text(scope, "properties.source"))
                    && !"Disabled".equalsIgnoreCase(ArmResource.text(scope, "properties.state"))) {
                ConfiguredKey k = id.with(KeyUrls.parse(ArmResource.text(scope, "properties.keyVaultProperties.keyUri"), false));
                if (keys.stream().noneMatch(o -> o.key().equals(k.key()))) {
                    keys.add(k);
                }
            }
        }
        return of(r, keys, null);
    }
}
