package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;

/** SQL managed instances: the TDE protector ({@code encryptionProtector/current}, read through ARM) is authoritative; without it, only {@code properties.keyId}, and nothing is claimed when neither is there. */
public final class SqlManagedInstances implements ArmType {

    @Override
    public String type() {
        return "Microsoft.Sql/managedInstances";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        return SqlProtector.read(this, r);
    }
}
