package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ResourceConfiguration;

import java.util.List;
import java.util.Optional;

/** Another resource uses the same identity with the same key: an audit record proves the identity's use, not which resource's. Judged only when Azure's configuration is part of the evidence (spec section 9). */
public final class IdentityShared implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.IDENTITY_SHARED;
    }

    @Override
    public String remediation() {
        return "Give each resource its own user-assigned identity (or its system-assigned one) so that audit records tell the resources apart.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<ConfiguredKey> k = ctx.configuredKey();
        if (k.isEmpty()) {
            return Optional.empty();
        }
        List<String> others = ctx.configuration().sharing(ctx.resource().resourceId(), k.get()).stream()
                .map(ResourceConfiguration::resourceId).toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        return found("the identity of " + ctx.resource().name() + " also uses key " + k.get().key().keyName()
                + " for " + others.size() + " other resource(s): its audit records cannot tell them apart",
                Evidence.of().put("sharedWith", others).put("principalId", k.get().principalId())
                        .put("clientId", k.get().clientId()).put("identityResourceId", k.get().identityResourceId())
                        .map());
    }
}
