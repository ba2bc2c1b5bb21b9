package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Batch accounts: {@code keySource} {@code Microsoft.KeyVault} and {@code keyIdentifier}, with the account's identity. */
public final class BatchAccounts implements ArmType {

    @Override
    public String type() {
        return "Microsoft.Batch/batchAccounts";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.encryption.keyVaultProperties.keyIdentifier");
        if (!"Microsoft.KeyVault".equalsIgnoreCase(r.text("properties.encryption.keySource")) || url == null) {
            return of(r, List.of(), null);
        }
        return of(r, List.of(r.soleIdentity().with(KeyUrls.parse(url, false))), null);
    }
}
