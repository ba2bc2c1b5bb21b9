package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Container registries: {@code encryption.status} {@code enabled}; the identity is named by its client id. */
public final class ContainerRegistries implements ArmType {

    @Override
    public String type() {
        return "Microsoft.ContainerRegistry/registries";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.encryption.keyVaultProperties.keyIdentifier");
        if (!"enabled".equalsIgnoreCase(r.text("properties.encryption.status")) || url == null) {
            return of(r, List.of(), null);
        }
        String client = r.text("properties.encryption.keyVaultProperties.identity");
        return of(r, List.of((client == null ? r.soleIdentity() : r.byClientId(client)).with(KeyUrls.parse(url, false))),
                null);
    }
}
