package com.cmkverifier.core.verdict;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.Severity;
import com.cmkverifier.core.model.VerdictStatus;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static com.cmkverifier.core.model.FindingCode.KEY_DISABLED;
import static com.cmkverifier.core.model.FindingCode.KEY_EXPIRED;
import static com.cmkverifier.core.model.FindingCode.KEY_USE_CONFIRMED;
import static com.cmkverifier.core.model.FindingCode.NO_AUDIT_LOGS;
import static com.cmkverifier.core.model.FindingCode.NO_KEY_USE;
import static com.cmkverifier.core.model.FindingCode.SOURCE_INCOMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec section 3: FAILED > INCONCLUSIVE > WARNING > VERIFIED, and never a pass without proof. */
class StatusRuleTest {

    private static VerdictStatus statusOf(FindingCode... codes) {
        return StatusRule.of(findings(Arrays.asList(codes)));
    }

    private static List<Finding> findings(List<FindingCode> codes) {
        return codes.stream().map(c -> new Finding(c, c.name(), null, null)).toList();
    }

    @Test
    void proofAloneIsVerified() {
        assertEquals(VerdictStatus.VERIFIED, statusOf(KEY_USE_CONFIRMED));
    }

    @Test
    void proofWithAWarningIsWarning() {
        assertEquals(VerdictStatus.WARNING, statusOf(KEY_USE_CONFIRMED, KEY_EXPIRED));
    }

    @Test
    void noFindingAtAllIsInconclusive() {
        assertEquals(VerdictStatus.INCONCLUSIVE, statusOf());
    }

    @Test
    void aWarningWithoutProofIsInconclusiveNotWarning() {
        assertEquals(VerdictStatus.INCONCLUSIVE, statusOf(KEY_EXPIRED));
    }

    @Test
    void sourceIncompleteForcesInconclusiveEvenWithProof() {
        assertEquals(VerdictStatus.INCONCLUSIVE, statusOf(KEY_USE_CONFIRMED, SOURCE_INCOMPLETE, KEY_EXPIRED));
    }

    @Test
    void anErrorFailsEvenWithProofAndAnIncompleteSource() {
        assertEquals(VerdictStatus.FAILED, statusOf(KEY_USE_CONFIRMED, SOURCE_INCOMPLETE, KEY_DISABLED));
    }

    @Test
    void inconclusiveSeverityNeverFails() {
        assertEquals(VerdictStatus.INCONCLUSIVE, statusOf(NO_KEY_USE, NO_AUDIT_LOGS, SOURCE_INCOMPLETE));
    }

    @Property
    void neverVerifiedWithoutKeyUseConfirmed(@ForAll @UniqueElements List<FindingCode> codes) {
        if (!codes.contains(KEY_USE_CONFIRMED)) {
            assertNotEquals(VerdictStatus.VERIFIED, StatusRule.of(findings(codes)));
            assertNotEquals(VerdictStatus.WARNING, StatusRule.of(findings(codes)));
        }
    }

    @Property
    void failedExactlyWhenSomeFindingIsAnError(@ForAll @UniqueElements List<FindingCode> codes) {
        boolean error = codes.stream().anyMatch(c -> c.severity() == Severity.ERROR);
        assertEquals(error, StatusRule.of(findings(codes)) == VerdictStatus.FAILED);
    }

    @Property
    void verifiedOnlyWithProofAndNothingButInfo(@ForAll @UniqueElements List<FindingCode> codes) {
        if (StatusRule.of(findings(codes)) == VerdictStatus.VERIFIED) {
            assertTrue(codes.contains(KEY_USE_CONFIRMED));
            assertTrue(codes.stream().allMatch(c -> c.severity() == Severity.INFO), codes::toString);
        }
    }
}
