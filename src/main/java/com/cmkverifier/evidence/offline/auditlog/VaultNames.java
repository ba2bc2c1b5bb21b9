package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.KeyLocator;

import java.util.Locale;

/**
 * The vault a record's resource id names, worked out once while records repeat the same id: every line of an
 * archive blob carries its vault's id, and taking it apart per line cost a tenth of the reading. Not
 * thread-safe: one per reader.
 */
final class VaultNames {

    private String lastId;
    private String lastName;

    /**
     * @param vault a resource id ({@code /SUBSCRIPTIONS/.../VAULTS/NAME}) or a bare vault name; may be null
     * @return the lower-case vault name, or null
     */
    String of(String vault) {
        if (vault == null) {
            return null;
        }
        if (!vault.equals(lastId)) {
            // AzureDiagnostics' Resource column holds the bare (upper-case) vault name, the others a resource id.
            lastName = vault.indexOf('/') < 0 ? vault.trim().toLowerCase(Locale.ROOT)
                    : KeyLocator.vaultNameFromResourceId(vault);
            lastId = vault;
        }
        return lastName;
    }
}
