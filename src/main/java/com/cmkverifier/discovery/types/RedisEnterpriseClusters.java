package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Redis Enterprise clusters: {@code customerManagedKeyEncryption.keyEncryptionKeyUrl} with its key encryption identity. */
public final class RedisEnterpriseClusters implements ArmType {

    @Override
    public String type() {
        return "Microsoft.Cache/redisEnterprise";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl");
        if (url == null) {
            return of(r, List.of(), null);
        }
        String uami = r.text("properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyIdentity"
                + ".userAssignedIdentityResourceId");
        return of(r, List.of(r.userAssignedElseSystem(uami).with(KeyUrls.parse(url, false))), null);
    }
}
