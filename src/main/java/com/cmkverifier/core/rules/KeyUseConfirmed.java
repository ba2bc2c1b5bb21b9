package com.cmkverifier.core.rules;

import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.List;
import java.util.Optional;

/** The expected identity performed a proof-of-use operation on the key, successfully, inside the window. */
public final class KeyUseConfirmed implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_USE_CONFIRMED;
    }

    @Override
    public String remediation() {
        return "Nothing to do: the resource is using its customer-managed key.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        KeyUsage.Tally ok = ctx.usage().successes();
        if (ok.isEmpty()) {
            return Optional.empty();
        }
        return found(ctx.resource().name() + " used key " + ctx.resource().key().keyName() + " successfully "
                        + ok.count() + " time(s) in the window, last at " + ok.last(),
                Evidence.of().put("operations", ok.byOperation()).put("successCount", ok.count())
                        .put("firstSuccess", ok.first()).put("lastSuccess", ok.last())
                        .put("versionsUsed", List.copyOf(ok.versions())).map());
    }
}
