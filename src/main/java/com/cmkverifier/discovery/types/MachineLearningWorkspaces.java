package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Machine Learning workspaces: {@code encryption.status} {@code Enabled} and {@code keyVaultProperties.keyIdentifier}. */
public final class MachineLearningWorkspaces implements ArmType {

    @Override
    public String type() {
        return "Microsoft.MachineLearningServices/workspaces";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.encryption.keyVaultProperties.keyIdentifier");
        if (!"Enabled".equalsIgnoreCase(r.text("properties.encryption.status")) || url == null) {
            return of(r, List.of(), null);
        }
        return of(r, List.of(r.userAssignedElseSystem(r.text("properties.encryption.identity.userAssignedIdentity"))
                .with(KeyUrls.parse(url, false))), null);
    }
}
