package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceIssueWithoutWorkspaceTest {

    private static ProtectedResource resource(String workspaceId) {
        return new ProtectedResource("r", "Microsoft.Storage/storageAccounts", null,
                KeyReference.parse("https://kv-a.vault.azure.net/keys/k"), "p", null, null, workspaceId,
                null, null, null);
    }

    @Test
    void issueWithoutWorkspaceConcernsResourcesThatRegisterNone() {
        assertTrue(SourceIssue.withoutWorkspace("logs", "no workspace").concerns(resource(null)));
    }

    @Test
    void issueWithoutWorkspaceDoesNotConcernResourcesWithAWorkspace() {
        assertFalse(SourceIssue.withoutWorkspace("logs", "no workspace")
                .concerns(resource("11111111-1111-1111-1111-111111111111")));
    }
}
