package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.ArmResource.ConfiguredIdentity;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;
import java.util.Locale;

/** Cosmos DB accounts: {@code keyVaultKeyUri} (always versionless); {@code defaultIdentity} names the caller, the first-party application when empty; {@code customerManagedKeyStatus} tells a revoked key. */
public final class CosmosDbAccounts implements ArmType {

    @Override
    public String type() {
        return "Microsoft.DocumentDB/databaseAccounts";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String uri = r.text("properties.keyVaultKeyUri");
        if (uri == null) {
            return of(r, List.of(), null);
        }
        String def = r.text("properties.defaultIdentity");
        ConfiguredIdentity id = ConfiguredIdentity.NONE;
        if ("SystemAssignedIdentity".equalsIgnoreCase(def)) {
            id = r.systemAssigned();
        } else if (def != null && def.regionMatches(true, 0, "UserAssignedIdentity=", 0, 21)) {
            id = r.userAssigned(def.substring(21));
        }
        String status = r.text("properties.customerManagedKeyStatus");
        String lower = status == null ? "" : status.toLowerCase(Locale.ROOT);
        boolean lost = !lower.contains("confirmed") && (lower.contains("revoked") || lower.contains("fail")
                || lower.contains("unable") || lower.contains("error"));
        return of(r, List.of(id.with(KeyUrls.parse(uri, true))), lost ? status : null);
    }
}
