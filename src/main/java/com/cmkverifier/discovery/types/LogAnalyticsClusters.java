package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Log Analytics dedicated clusters: {@code keyVaultProperties} with the cluster's only identity. */
public final class LogAnalyticsClusters implements ArmType {

    @Override
    public String type() {
        return "Microsoft.OperationalInsights/clusters";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String name = r.text("properties.keyVaultProperties.keyName");
        if (name == null) {
            return of(r, List.of(), null);
        }
        return of(r, List.of(r.soleIdentity().with(KeyUrls.of(r.text("properties.keyVaultProperties.keyVaultUri"), name,
                r.text("properties.keyVaultProperties.keyVersion")))), null);
    }
}
