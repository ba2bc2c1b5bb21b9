package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** MySQL and PostgreSQL flexible servers share {@code properties.dataEncryption}. */
final class FlexibleServerEncryption {

    private FlexibleServerEncryption() {
    }

    static ResourceConfiguration read(ArmType type, ArmResource r) {
        String url = r.text("properties.dataEncryption.primaryKeyURI");
        if (!"AzureKeyVault".equalsIgnoreCase(r.text("properties.dataEncryption.type")) || url == null) {
            return type.of(r, List.of(), null);
        }
        String status = r.text("properties.dataEncryption.primaryEncryptionKeyStatus");
        return type.of(r, List.of(r.userAssigned(r.text("properties.dataEncryption.primaryUserAssignedIdentityId"))
                .with(KeyUrls.parse(url, false))), "Invalid".equalsIgnoreCase(status)
                ? "primaryEncryptionKeyStatus is Invalid" : null);
    }
}
