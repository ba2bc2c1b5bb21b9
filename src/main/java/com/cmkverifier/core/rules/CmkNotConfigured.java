package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ResourceConfiguration;

import java.util.Optional;

/** Azure shows the resource on Microsoft-managed keys. Judged only when Azure's configuration is part of the evidence (spec section 9). */
public final class CmkNotConfigured implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.CMK_NOT_CONFIGURED;
    }

    @Override
    public String remediation() {
        return "Switch the resource back to its customer-managed key (or remove the registry entry if the change was intended); audit who changed it.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<ResourceConfiguration> c = ctx.configured();
        if (c.isEmpty() || c.get().customerManaged()) {
            return Optional.empty();
        }
        return found(ctx.resource().name() + " is on Microsoft-managed keys in Azure, not on key "
                + ctx.resource().key().keyName(), Evidence.of().put("resourceId", c.get().resourceId())
                .put("registeredKey", ctx.resource().key().url()).map());
    }
}
