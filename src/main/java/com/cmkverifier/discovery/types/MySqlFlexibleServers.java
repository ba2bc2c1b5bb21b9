package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;

/** MySQL flexible servers: {@code dataEncryption.type} {@code AzureKeyVault} with a user-assigned identity only. */
public final class MySqlFlexibleServers implements ArmType {

    @Override
    public String type() {
        return "Microsoft.DBforMySQL/flexibleServers";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        return FlexibleServerEncryption.read(this, r);
    }
}
