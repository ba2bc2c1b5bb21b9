package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** App Configuration stores: {@code keyIdentifier} (versionless recommended) and {@code identityClientId}. */
public final class AppConfigurationStores implements ArmType {

    @Override
    public String type() {
        return "Microsoft.AppConfiguration/configurationStores";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.encryption.keyVaultProperties.keyIdentifier");
        if (url == null) {
            return of(r, List.of(), null);
        }
        String client = r.text("properties.encryption.keyVaultProperties.identityClientId");
        return of(r, List.of((client == null ? r.systemAssigned() : r.byClientId(client)).with(KeyUrls.parse(url, false))),
                null);
    }
}
