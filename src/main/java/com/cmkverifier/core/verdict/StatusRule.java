package com.cmkverifier.core.verdict;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.Severity;
import com.cmkverifier.core.model.VerdictStatus;

import java.util.List;

/** Spec section 3: the status follows from the findings, in this order, and never passes without proof. */
public final class StatusRule {

    private StatusRule() {
    }

    public static VerdictStatus of(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
            return VerdictStatus.FAILED;
        }
        boolean proof = findings.stream().anyMatch(f -> f.code() == FindingCode.KEY_USE_CONFIRMED);
        // Any inconclusive finding (SOURCE_INCOMPLETE above all) withholds a pass, even beside proof.
        boolean unsettled = findings.stream().anyMatch(f -> f.severity() == Severity.INCONCLUSIVE);
        if (!proof || unsettled) {
            return VerdictStatus.INCONCLUSIVE;
        }
        if (findings.stream().anyMatch(f -> f.severity() == Severity.WARNING)) {
            return VerdictStatus.WARNING;
        }
        return VerdictStatus.VERIFIED;
    }
}
