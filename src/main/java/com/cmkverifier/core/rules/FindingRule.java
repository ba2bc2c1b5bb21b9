package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Map;
import java.util.Optional;

/** One check, named by the finding code it produces, with a one-line remediation hint. */
public interface FindingRule {

    FindingCode code();

    /** What an operator should do when the finding appears; carried in the output. */
    String remediation();

    Optional<Finding> evaluate(VerificationContext ctx);

    default Optional<Finding> found(String message, Map<String, Object> evidence) {
        return Optional.of(new Finding(code(), message, evidence, remediation()));
    }
}
