package com.cmkverifier.core.rules;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The expected identity's latest proof-of-use attempt in the window failed, with no success after it. */
public final class KeyUseFailing implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_USE_FAILING;
    }

    @Override
    public String remediation() {
        return "Re-enable or restore the key and the identity's access (Key Vault Crypto Service Encryption User"
                + " or wrap/unwrap/get permissions); some services (MySQL) also need the key revalidated.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        KeyUsage.Tally failed = ctx.usage().failures();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        KeyUsage.Tally ok = ctx.usage().successes();
        if (!ok.isEmpty() && ok.last().isAfter(failed.last())) {
            return Optional.empty();
        }
        return found(ctx.resource().name() + " cannot use key " + ctx.resource().key().keyName() + ": "
                        + failed.count() + " failed attempt(s), the last at " + failed.last()
                        + (ok.isEmpty() ? ", no success in the window" : ", no success since"),
                failureEvidence(ctx.usage().failureGroups(), failed)
                        .put("lastSuccess", ok.isEmpty() ? null : ok.last()).map());
    }

    static Evidence failureEvidence(List<ActivityGroup> groups, KeyUsage.Tally failed) {
        TreeMap<String, Long> statuses = new TreeMap<>();
        groups.forEach(g -> statuses.merge(String.valueOf(g.httpStatus()), g.count(), Long::sum));
        List<String> descriptions = groups.stream().map(ActivityGroup::resultDescription)
                .filter(Objects::nonNull).distinct().limit(5).toList();
        return Evidence.of().put("failureCount", failed.count()).put("statusCodes", statuses)
                .put("resultDescriptions", descriptions).put("operations", failed.byOperation())
                .put("firstFailure", failed.first()).put("lastFailure", failed.last());
    }
}
