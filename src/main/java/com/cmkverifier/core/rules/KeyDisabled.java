package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;

import java.util.Optional;

/** The key version the resource uses is disabled: unwrap, decrypt and sign are refused. */
public final class KeyDisabled implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_DISABLED;
    }

    @Override
    public String remediation() {
        return "Enable the key version (az keyvault key set-attributes --enabled true) unless the outage is intended.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<KeyVersion> used = ctx.usedVersion();
        if (used.isEmpty() || used.get().isEnabled()) {
            return Optional.empty();
        }
        KeyVersion v = used.get();
        return found("version " + v.version() + " of key " + ctx.resource().key().keyName()
                        + ", which " + ctx.resource().name() + " uses, is disabled",
                Evidence.of().put("version", v.version()).put("updated", v.updated()).map());
    }
}
