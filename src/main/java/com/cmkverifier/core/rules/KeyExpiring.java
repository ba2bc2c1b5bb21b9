package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;

import java.time.Duration;
import java.util.Optional;

/** The used version expires within the expiry horizon (default 30 days). */
public final class KeyExpiring implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_EXPIRING;
    }

    @Override
    public String remediation() {
        return "Rotate the key (or set a rotation policy) before it expires.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<KeyVersion> used = ctx.usedVersion();
        if (used.isEmpty() || used.get().expires() == null) {
            return Optional.empty();
        }
        KeyVersion v = used.get();
        if (v.expires().isBefore(ctx.at()) || v.expires().isAfter(ctx.at().plus(ctx.settings().expiryHorizon()))) {
            return Optional.empty();
        }
        long days = Duration.between(ctx.at(), v.expires()).toDays();
        return found("version " + v.version() + " of key " + ctx.resource().key().keyName() + " expires at "
                        + v.expires() + " (in " + days + " day(s))",
                Evidence.of().put("version", v.version()).put("expires", v.expires()).put("daysLeft", days)
                        .put("horizon", ctx.settings().expiryHorizon().toString()).map());
    }
}
