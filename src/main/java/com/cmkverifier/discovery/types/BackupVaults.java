package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Backup vaults: {@code securitySettings.encryptionSettings} with {@code state} {@code Enabled} and {@code kekIdentity}. */
public final class BackupVaults implements ArmType {

    @Override
    public String type() {
        return "Microsoft.DataProtection/backupVaults";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String base = "properties.securitySettings.encryptionSettings.";
        String url = r.text(base + "keyVaultProperties.keyUri");
        if (!"Enabled".equalsIgnoreCase(r.text(base + "state")) || url == null) {
            return of(r, List.of(), null);
        }
        String uami = "UserAssigned".equalsIgnoreCase(r.text(base + "kekIdentity.identityType"))
                ? r.text(base + "kekIdentity.identityId") : null;
        return of(r, List.of(r.userAssignedElseSystem(uami).with(KeyUrls.parse(url, false))), null);
    }
}
