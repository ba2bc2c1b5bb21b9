package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;

import java.util.List;
import java.util.Optional;

/** Azure shows the resource reaching Key Vault with another identity than the registered one. Judged only when Azure's configuration is part of the evidence (spec section 9). */
public final class IdentityMismatch implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.IDENTITY_MISMATCH;
    }

    @Override
    public String remediation() {
        return "Update the registry entry's identity to the one Azure shows (run cmkv discover), or restore the resource's identity; until then the verdict watches the wrong caller.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<ConfiguredKey> k = ctx.configuredKey();
        if (k.isEmpty() || !ctx.configured().get().customerManaged()) {
            return Optional.empty();
        }
        ConfiguredKey c = k.get();
        ProtectedResource r = ctx.resource();
        // Judged only on ids both sides state: a client id cannot be compared with an object id.
        int compared = 0;
        int equal = 0;
        for (String[] pair : new String[][] {{r.principalId(), c.principalId()}, {r.clientId(), c.clientId()},
                {r.identityResourceId(), c.identityResourceId()}}) {
            if (pair[0] != null && pair[1] != null) {
                compared++;
                equal += pair[0].equalsIgnoreCase(pair[1]) ? 1 : 0;
            }
        }
        boolean firstPartyNow = c.firstPartyCaller() && (r.principalId() != null || r.clientId() != null)
                && ctx.profile().hasFirstPartyCaller();
        if (!firstPartyNow && (compared == 0 || equal > 0)) {
            return Optional.empty();
        }
        String shown = firstPartyNow ? "the service's first-party application" : describe(c);
        return found(r.name() + " reaches Key Vault as " + shown + " in Azure, but the registry expects "
                + describe(new ConfiguredKey(r.key(), r.principalId(), r.clientId(), r.identityResourceId())),
                Evidence.of().put("registeredPrincipalId", r.principalId()).put("registeredClientId", r.clientId())
                        .put("registeredIdentityResourceId", r.identityResourceId())
                        .put("configuredPrincipalId", c.principalId()).put("configuredClientId", c.clientId())
                        .put("configuredIdentityResourceId", c.identityResourceId())
                        .put("firstPartyCaller", firstPartyNow ? true : null).map());
    }

    private static String describe(ConfiguredKey c) {
        List<String> ids = new java.util.ArrayList<>();
        if (c.principalId() != null) {
            ids.add("object id " + c.principalId());
        }
        if (c.clientId() != null) {
            ids.add("client id " + c.clientId());
        }
        if (c.identityResourceId() != null) {
            ids.add(c.identityResourceId());
        }
        return ids.isEmpty() ? "no named identity" : String.join(" / ", ids);
    }
}
