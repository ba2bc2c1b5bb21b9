package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.ProtectedResource;

import java.util.Locale;

/**
 * A source that failed, timed out, was throttled or answered partially. It concerns the resources whose logs
 * live in {@code workspaceId} and whose key lives in {@code vaultName}; a null scope means "every resource".
 */
public record SourceIssue(String source, String message, String workspaceId, String vaultName) {

    public static SourceIssue everywhere(String source, String message) {
        return new SourceIssue(source, message, null, null);
    }

    public boolean concerns(ProtectedResource r) {
        return (workspaceId == null || workspaceId.equalsIgnoreCase(r.workspaceId()))
                && (vaultName == null || vaultName.toLowerCase(Locale.ROOT).equals(r.key().vaultName()));
    }
}
