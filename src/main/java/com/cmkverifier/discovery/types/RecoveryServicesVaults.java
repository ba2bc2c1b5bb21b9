package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Recovery Services vaults: {@code encryption.keyVaultProperties.keyUri} with {@code kekIdentity}. */
public final class RecoveryServicesVaults implements ArmType {

    @Override
    public String type() {
        return "Microsoft.RecoveryServices/vaults";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.encryption.keyVaultProperties.keyUri");
        if (url == null) {
            return of(r, List.of(), null);
        }
        String uami = r.flag("properties.encryption.kekIdentity.useSystemAssignedIdentity") ? null
                : r.text("properties.encryption.kekIdentity.userAssignedIdentity");
        return of(r, List.of(r.userAssignedElseSystem(uami).with(KeyUrls.parse(url, false))), null);
    }
}
