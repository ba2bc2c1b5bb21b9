package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Data factories: {@code encryption.vaultBaseUrl}, {@code keyName}, {@code keyVersion}; a user-assigned identity or the factory's own. */
public final class DataFactories implements ArmType {

    @Override
    public String type() {
        return "Microsoft.DataFactory/factories";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String vault = r.text("properties.encryption.vaultBaseUrl");
        if (vault == null) {
            return of(r, List.of(), null);
        }
        return of(r, List.of(r.userAssignedElseSystem(r.text("properties.encryption.identity.userAssignedIdentity"))
                .with(KeyUrls.of(vault, r.text("properties.encryption.keyName"),
                        r.text("properties.encryption.keyVersion")))), null);
    }
}
