package com.cmkverifier.core.model;

import java.util.Locale;

/**
 * The identity behind an audit record: object id ({@code oid} or the long objectidentifier claim), application
 * id ({@code appid}) and managed-identity resource id ({@code xms_mirid}); lower case, each may be null.
 */
public record Caller(String objectId, String appId, String managedIdentityResourceId) {

    public static final Caller NONE = new Caller(null, null, null);

    public Caller {
        objectId = normalise(objectId);
        appId = normalise(appId);
        managedIdentityResourceId = normalise(managedIdentityResourceId);
    }

    private static String normalise(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t.toLowerCase(Locale.ROOT);
    }

    public boolean isAnonymous() {
        return objectId == null && appId == null && managedIdentityResourceId == null;
    }

    /** For narrow tables: the managed identity's name (last segment of its resource id), else {@link #label()}. */
    public String shortLabel() {
        if (managedIdentityResourceId != null) {
            return managedIdentityResourceId.substring(managedIdentityResourceId.lastIndexOf('/') + 1);
        }
        return label();
    }

    /** A human label: the managed identity's resource id, else the object id, else the app id. */
    public String label() {
        if (managedIdentityResourceId != null) {
            return managedIdentityResourceId;
        }
        if (objectId != null) {
            return "objectId " + objectId;
        }
        if (appId != null) {
            return "appId " + appId;
        }
        return "anonymous";
    }
}
