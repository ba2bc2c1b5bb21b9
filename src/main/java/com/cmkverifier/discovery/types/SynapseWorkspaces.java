package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Synapse workspaces: {@code encryption.cmk.key.keyVaultUrl} with {@code cmk.kekIdentity}. */
public final class SynapseWorkspaces implements ArmType {

    @Override
    public String type() {
        return "Microsoft.Synapse/workspaces";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.encryption.cmk.key.keyVaultUrl");
        if (url == null) {
            return of(r, List.of(), null);
        }
        String uami = r.flag("properties.encryption.cmk.kekIdentity.useSystemAssignedIdentity") ? null
                : r.text("properties.encryption.cmk.kekIdentity.userAssignedIdentity");
        return of(r, List.of(r.userAssignedElseSystem(uami).with(KeyUrls.parse(url, false))), null);
    }
}
