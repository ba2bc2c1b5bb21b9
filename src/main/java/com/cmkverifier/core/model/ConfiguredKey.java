package com.cmkverifier.core.model;

import java.util.Locale;
import java.util.Objects;

/**
 * One customer-managed key as Azure states it for a resource, with the identity the service reaches Key Vault
 * with. Ids are null where Azure does not state them (a system-assigned identity has no client id on the resource;
 * a first-party caller has none at all).
 *
 * @param identityResourceId the user-assigned identity's ARM id, null for a system-assigned identity
 */
public record ConfiguredKey(KeyReference key, String principalId, String clientId, String identityResourceId) {

    public ConfiguredKey {
        Objects.requireNonNull(key, "key");
        principalId = lower(principalId);
        clientId = lower(clientId);
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    /** True when Azure names no identity: the type's first-party caller reaches Key Vault. */
    public boolean firstPartyCaller() {
        return principalId == null && clientId == null && identityResourceId == null;
    }

    /** Same key: vault host and name equal; both pinned versions equal where both are pinned (spec: KEY_MISMATCH). */
    public boolean sameKeyAs(KeyReference other) {
        if (!key.keyId().equals(other.keyId())) {
            return false;
        }
        return !(key.isPinned() && other.isPinned()) || key.version().equals(other.version());
    }

    /** Whether this identity and the other share an id (object id, client id or UAMI resource id). */
    public boolean sameIdentityAs(ConfiguredKey other) {
        return eq(principalId, other.principalId) || eq(clientId, other.clientId)
                || eq(identityResourceId, other.identityResourceId);
    }

    private static boolean eq(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }
}
