package com.cmkverifier.core.rules;

import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Optional;

/** Failures in the window, followed by a later success. */
public final class KeyUseRecovered implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_USE_RECOVERED;
    }

    @Override
    public String remediation() {
        return "Find out why key use failed (key disabled, access removed, firewall) and make sure it cannot recur.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        KeyUsage.Tally failed = ctx.usage().failures();
        KeyUsage.Tally ok = ctx.usage().successes();
        if (failed.isEmpty() || ok.isEmpty() || !ok.last().isAfter(failed.last())) {
            return Optional.empty();
        }
        return found(ctx.resource().name() + " failed to use key " + ctx.resource().key().keyName() + " "
                        + failed.count() + " time(s) until " + failed.last() + ", then succeeded again at " + ok.last(),
                KeyUseFailing.failureEvidence(ctx.usage().failureGroups(), failed)
                        .put("lastSuccess", ok.last()).map());
    }
}
