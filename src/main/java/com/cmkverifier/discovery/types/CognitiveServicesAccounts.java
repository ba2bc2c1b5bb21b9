package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Cognitive Services (Azure AI) accounts: {@code keySource} {@code Microsoft.KeyVault}; {@code identityClientId} names a user-assigned identity, else the system-assigned one. */
public final class CognitiveServicesAccounts implements ArmType {

    @Override
    public String type() {
        return "Microsoft.CognitiveServices/accounts";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        if (!"Microsoft.KeyVault".equalsIgnoreCase(r.text("properties.encryption.keySource"))) {
            return of(r, List.of(), null);
        }
        String client = r.text("properties.encryption.keyVaultProperties.identityClientId");
        return of(r, List.of((client == null ? r.systemAssigned() : r.byClientId(client)).with(KeyUrls.of(
                r.text("properties.encryption.keyVaultProperties.keyVaultUri"),
                r.text("properties.encryption.keyVaultProperties.keyName"),
                r.text("properties.encryption.keyVaultProperties.keyVersion")))), null);
    }
}
