package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;

/** PostgreSQL flexible servers: as MySQL, plus {@code primaryEncryptionKeyStatus} {@code Invalid} when the server lost its key. */
public final class PostgreSqlFlexibleServers implements ArmType {

    @Override
    public String type() {
        return "Microsoft.DBforPostgreSQL/flexibleServers";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        return FlexibleServerEncryption.read(this, r);
    }
}
