package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.AuditRouting;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.List;
import java.util.Optional;

/** The key's vault sends no AuditEvent to the registered workspace (or anywhere). Judged only when Azure's configuration is part of the evidence (spec section 9). */
public final class AuditLogsNotRouted implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.AUDIT_LOGS_NOT_ROUTED;
    }

    @Override
    public String remediation() {
        return "Add a diagnostic setting on the vault that sends category AuditEvent (or group audit) to the registered Log Analytics workspace.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<AuditRouting> routing = ctx.configuration().routing(ctx.resource().key().vaultName());
        if (routing.isEmpty()) {
            return Optional.empty();
        }
        List<AuditRouting.Destination> to = routing.get().destinations();
        String ws = ctx.resource().workspaceId();
        if (ws == null ? !to.isEmpty() : !Boolean.FALSE.equals(routing.get().reaches(ws))) {
            return Optional.empty();
        }
        List<String> where = to.stream().map(d -> d.setting() + ": " + (d.workspaceResourceId() != null
                ? d.workspaceResourceId() : d.elsewhere())).toList();
        return found("vault " + routing.get().vaultName() + (to.isEmpty()
                        ? " has no diagnostic setting that sends AuditEvent anywhere: no one can prove use of its keys"
                        : " sends AuditEvent only to " + String.join(", ", where) + ", not to the registered workspace "
                        + ws + ": the verifier cannot prove use there"),
                Evidence.of().put("vault", routing.get().vaultName()).put("registeredWorkspaceId", ws)
                        .put("destinations", where).map());
    }
}
