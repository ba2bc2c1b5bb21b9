package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Data Explorer (Kusto) clusters: {@code keyVaultProperties} with {@code userIdentity}, else the system-assigned identity. */
public final class KustoClusters implements ArmType {

    @Override
    public String type() {
        return "Microsoft.Kusto/clusters";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String name = r.text("properties.keyVaultProperties.keyName");
        if (name == null) {
            return of(r, List.of(), null);
        }
        return of(r, List.of(r.userAssignedElseSystem(r.text("properties.keyVaultProperties.userIdentity"))
                .with(KeyUrls.of(r.text("properties.keyVaultProperties.keyVaultUri"), name,
                        r.text("properties.keyVaultProperties.keyVersion")))), null);
    }
}
