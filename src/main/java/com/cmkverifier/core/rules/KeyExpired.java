package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;

import java.util.Optional;

/**
 * The used version's expiry lies before the evaluation time. A warning, not an error: services keep unwrapping
 * with expired keys (audit-logs.md), so it is hygiene, not an outage.
 */
public final class KeyExpired implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_EXPIRED;
    }

    @Override
    public String remediation() {
        return "Rotate to a new key version (or extend the expiry) and keep the old version enabled until it is no"
                + " longer used.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<KeyVersion> used = ctx.usedVersion();
        if (used.isEmpty() || used.get().expires() == null || !used.get().expires().isBefore(ctx.at())) {
            return Optional.empty();
        }
        KeyVersion v = used.get();
        return found("version " + v.version() + " of key " + ctx.resource().key().keyName() + " expired at "
                        + v.expires(),
                Evidence.of().put("version", v.version()).put("expires", v.expires()).map());
    }
}
