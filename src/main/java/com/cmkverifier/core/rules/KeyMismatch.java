package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ResourceConfiguration;

import java.util.List;
import java.util.Optional;

/** Azure shows the resource configured with another key than the registered one. Judged only when Azure's configuration is part of the evidence (spec section 9). */
public final class KeyMismatch implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_MISMATCH;
    }

    @Override
    public String remediation() {
        return "Find out which key is intended: re-point the resource to the registered key, or update the registry entry (run cmkv discover).";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<ResourceConfiguration> c = ctx.configured();
        if (c.isEmpty() || !c.get().customerManaged() || c.get().keys().isEmpty()
                || c.get().keys().stream().anyMatch(k -> k.sameKeyAs(ctx.resource().key()))) {
            return Optional.empty();
        }
        List<String> configured = c.get().keys().stream().map(k -> k.key().url()).toList();
        return found(ctx.resource().name() + " is configured with " + String.join(", ", configured)
                + " in Azure, not with the registered " + ctx.resource().key().url(), Evidence.of()
                .put("registeredKey", ctx.resource().key().url()).put("configuredKeys", configured).map());
    }
}
