package com.cmkverifier.cli;

import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.verdict.VerificationReport;

import java.util.Map;

/**
 * Spec section 7: 0 all VERIFIED or WARNING, 1 any FAILED, 3 any INCONCLUSIVE and none FAILED, 2 usage, input or
 * environment error, 4 internal error.
 */
final class ExitCode {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int INCONCLUSIVE = 3;
    static final int INTERNAL = 4;

    private ExitCode() {
    }

    static int of(VerificationReport report) {
        Map<VerdictStatus, Integer> s = report.summary();
        if (s.get(VerdictStatus.FAILED) > 0) {
            return FAILED;
        }
        return s.get(VerdictStatus.INCONCLUSIVE) > 0 ? INCONCLUSIVE : OK;
    }
}
