package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Optional;

/** Azure's description was read completely and does not contain the registered resource. Judged only when Azure's configuration is part of the evidence (spec section 9). */
public final class ResourceNotFound implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.RESOURCE_NOT_FOUND;
    }

    @Override
    public String remediation() {
        return "Check whether the resource was deleted or moved, or whether the verifier lost Reader on it; remove or update the registry entry.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        String id = ctx.resource().resourceId();
        if (!ctx.configuration().present() || id == null || ctx.configured().isPresent()
                || !ctx.configuration().judgesAbsence(id)) {
            return Optional.empty();
        }
        return found(ctx.resource().name() + " is not in Azure's description of its subscription (deleted, moved,"
                + " or not readable by the verifier)", Evidence.of().put("resourceId", id).map());
    }
}
