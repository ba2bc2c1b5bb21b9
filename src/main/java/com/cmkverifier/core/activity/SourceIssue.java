package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.ProtectedResource;

import java.util.Locale;

/**
 * A source that failed, timed out, was throttled or answered partially. It concerns the resources whose logs
 * live in {@code workspaceId} and whose key lives in {@code vaultName}; a null scope means "every resource", an
 * empty workspace id the resources that name no workspace.
 */
public record SourceIssue(String source, String message, String workspaceId, String vaultName) {

    public static SourceIssue everywhere(String source, String message) {
        return new SourceIssue(source, message, null, null);
    }

    /** An issue for exactly the resources that register no workspace (their logs cannot be queried). */
    public static SourceIssue withoutWorkspace(String source, String message) {
        return new SourceIssue(source, message, "", null);
    }

    public boolean concerns(ProtectedResource r) {
        return concernsWorkspace(r.workspaceId())
                && (vaultName == null || vaultName.toLowerCase(Locale.ROOT).equals(r.key().vaultName()));
    }

    private boolean concernsWorkspace(String ws) {
        if (workspaceId == null) {
            return true;
        }
        if (workspaceId.isEmpty()) {
            return ws == null || ws.isBlank();
        }
        return workspaceId.equalsIgnoreCase(ws);
    }
}
