package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** AKS clusters: the KMS etcd key ({@code securityProfile.azureKeyVaultKms}, versioned) with the control-plane identity; node disks are judged through their disk encryption set. */
public final class ManagedClusters implements ArmType {

    @Override
    public String type() {
        return "Microsoft.ContainerService/managedClusters";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.securityProfile.azureKeyVaultKms.keyId");
        if (!r.flag("properties.securityProfile.azureKeyVaultKms.enabled") || url == null) {
            return of(r, List.of(), null);
        }
        return of(r, List.of(r.soleIdentity().with(KeyUrls.parse(url, false))), null);
    }
}
