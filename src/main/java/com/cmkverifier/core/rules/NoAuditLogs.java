package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Optional;

/** Not one audit record from the key's vault in the window. */
public final class NoAuditLogs implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.NO_AUDIT_LOGS;
    }

    @Override
    public String remediation() {
        return "Enable the vault's diagnostic setting for AuditEvent to the registered workspace (or archive), check"
                + " the workspace id, and allow for 3-10 minutes of ingestion lag.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        if (ctx.vaultHasRecords() || ctx.usage().anyAttempt() || ctx.logsIncomplete()) {
            return Optional.empty();
        }
        String why = ctx.logNotes().isEmpty() ? "" : ": " + String.join("; ", ctx.logNotes());
        return found("no audit record at all from vault " + ctx.resource().key().vaultName() + " in the window" + why,
                Evidence.of().put("vault", ctx.resource().key().vaultName()).put("notes", ctx.logNotes().isEmpty() ? null : ctx.logNotes())
                        .put("workspaceId", ctx.resource().workspaceId())
                        .put("windowFrom", ctx.window().from()).put("windowTo", ctx.window().to()).map());
    }
}
