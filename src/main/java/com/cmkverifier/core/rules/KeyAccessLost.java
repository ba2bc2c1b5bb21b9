package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ResourceConfiguration;

import java.util.Optional;

/** The service itself reports that it cannot reach its key. Judged only when Azure's configuration is part of the evidence (spec section 9). */
public final class KeyAccessLost implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_ACCESS_LOST;
    }

    @Override
    public String remediation() {
        return "Restore the identity's access to the key (role or access policy, network rules, key enabled and not deleted), then revalidate the key on the resource if the service needs it.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<ResourceConfiguration> c = ctx.configured();
        if (c.isEmpty() || c.get().keyAccessProblem() == null) {
            return Optional.empty();
        }
        return found(ctx.resource().name() + " reports that it cannot use its key: " + c.get().keyAccessProblem(),
                Evidence.of().put("resourceId", c.get().resourceId()).put("serviceStatus", c.get().keyAccessProblem())
                        .map());
    }
}
