package com.cmkverifier.core.rules;

import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Another identity used the key successfully and no registry entry on this key names it. */
public final class UnexpectedCaller implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.UNEXPECTED_CALLER;
    }

    @Override
    public String remediation() {
        return "Find out who the caller is; register it if legitimate, otherwise remove its key permissions.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        List<Map<String, Object>> callers = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Map.Entry<Caller, KeyUsage.Tally> e : ctx.usage().otherSuccessfulCallers().entrySet()) {
            Caller c = e.getKey();
            if (c.isAnonymous() || ctx.registeredForKey().stream().anyMatch(id -> id.matches(c))) {
                continue;
            }
            KeyUsage.Tally uses = e.getValue();
            String name = ctx.describe(c);
            labels.add(name);
            callers.add(Evidence.of().put("caller", name).put("objectId", c.objectId()).put("appId", c.appId())
                    .put("managedIdentityResourceId", c.managedIdentityResourceId()).put("operations", uses.byOperation())
                    .put("count", uses.count()).put("lastUse", uses.last()).map());
        }
        if (callers.isEmpty()) {
            return Optional.empty();
        }
        return found("key " + ctx.resource().key().keyName() + " was also used by unregistered caller(s): "
                + String.join(", ", labels), Evidence.of().put("callers", callers).map());
    }
}
