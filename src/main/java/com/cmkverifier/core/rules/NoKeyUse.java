package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Optional;

/** The vault logged in the window, but not one proof-of-use attempt by the expected identity on this key. */
public final class NoKeyUse implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.NO_KEY_USE;
    }

    @Override
    public String remediation() {
        return "Check that the resource is configured with this key and identity; right after a change, wait for"
                + " the service to unwrap (up to the service's pickup time) and verify again.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        if (!ctx.vaultHasRecords() || ctx.usage().anyAttempt() || ctx.logsIncomplete()) {
            return Optional.empty();
        }
        return found("vault " + ctx.resource().key().vaultName() + " logged activity in the window, but "
                        + ctx.resource().name() + "'s identity never performed " + String.join("/", ctx.proofOperations())
                        + " on key " + ctx.resource().key().keyName(),
                Evidence.of().put("proofOperations", ctx.proofOperations())
                        .put("windowFrom", ctx.window().from()).put("windowTo", ctx.window().to()).map());
    }
}
