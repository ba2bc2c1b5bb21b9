package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;

import java.util.Optional;

/** The used version's notBefore lies after the evaluation time. */
public final class KeyNotYetValid implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_NOT_YET_VALID;
    }

    @Override
    public String remediation() {
        return "Correct the key's activation date (nbf) or use a version that is already active.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<KeyVersion> used = ctx.usedVersion();
        if (used.isEmpty() || used.get().notBefore() == null || !used.get().notBefore().isAfter(ctx.at())) {
            return Optional.empty();
        }
        KeyVersion v = used.get();
        return found("version " + v.version() + " of key " + ctx.resource().key().keyName()
                        + " is not valid before " + v.notBefore(),
                Evidence.of().put("version", v.version()).put("notBefore", v.notBefore()).map());
    }
}
