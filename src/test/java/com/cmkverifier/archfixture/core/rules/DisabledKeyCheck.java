package com.cmkverifier.archfixture.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.rules.FindingRule;
import com.cmkverifier.core.rules.VerificationContext;

import java.util.Optional;

/** Bad three times: not final, not named after its code (KEY_DISABLED), and longer than the test's budget. */
public class DisabledKeyCheck implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_DISABLED;
    }

    @Override
    public String remediation() {
        return "Enable the key.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        return Optional.empty();
    }
}
