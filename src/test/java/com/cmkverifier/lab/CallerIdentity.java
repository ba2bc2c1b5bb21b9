package com.cmkverifier.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who calls Key Vault, as the token claims show it in {@code identity.claim}. Calls routed through ARM carry
 * the object id in the long {@code objectidentifier} claim instead of {@code oid} (audit-logs.md).
 *
 * @param managedIdentityResourceId the {@code xms_mirid} claim of managed identities; null otherwise
 * @param upn                       user principal name of people; null for applications
 */
record CallerIdentity(String objectId, String appId, String managedIdentityResourceId, String upn,
                      boolean longObjectIdClaim, String ipAddress, String clientInfo) {

    static final String OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    static final String UPN_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    /** The caller of an {@code Authentication} 401 challenge: no token yet, so {@code identity} is {}. */
    static CallerIdentity anonymous(String ipAddress, String clientInfo) {
        return new CallerIdentity(null, null, null, null, false, ipAddress, clientInfo);
    }

    static CallerIdentity managed(String objectId, String appId, String resourceId, String ip, String clientInfo) {
        return new CallerIdentity(objectId, appId, resourceId, null, false, ip, clientInfo);
    }

    static CallerIdentity application(String objectId, String appId, String ip, String clientInfo) {
        return new CallerIdentity(objectId, appId, null, null, false, ip, clientInfo);
    }

    CallerIdentity withLongObjectIdClaim() {
        return new CallerIdentity(objectId, appId, managedIdentityResourceId, upn, true, ipAddress, clientInfo);
    }

    boolean isAnonymous() {
        return objectId == null && appId == null;
    }

    /** The claims in the order the archive shows them; empty for an anonymous caller. */
    Map<String, String> claims() {
        Map<String, String> c = new LinkedHashMap<>();
        if (isAnonymous()) {
            return c;
        }
        c.put(longObjectIdClaim ? OBJECT_ID_CLAIM : "oid", objectId);
        if (upn != null) {
            c.put(UPN_CLAIM, upn);
        }
        c.put("appid", appId);
        c.put("appidacr", upn == null ? "2" : "0");
        if (managedIdentityResourceId != null) {
            c.put("xms_mirid", managedIdentityResourceId);
        }
        return c;
    }
}
