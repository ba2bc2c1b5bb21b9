package com.cmkverifier.core.verdict;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.Severity;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.probe.ProbeRule;
import com.cmkverifier.core.rules.FindingRule;
import com.cmkverifier.core.testdata.Findings;
import com.cmkverifier.core.testdata.Scenario;
import com.cmkverifier.core.testdata.Triggers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every code of the spec's table: its severity, a scenario where it fires, and its remediation text. */
class FindingCatalogueTest {

    /** The severity column of the spec's finding table. */
    private static final Map<FindingCode, Severity> SPEC_SEVERITY = new EnumMap<>(Map.ofEntries(
            Map.entry(FindingCode.KEY_USE_CONFIRMED, Severity.INFO),
            Map.entry(FindingCode.KEY_USE_FAILING, Severity.ERROR),
            Map.entry(FindingCode.KEY_USE_RECOVERED, Severity.WARNING),
            Map.entry(FindingCode.NO_KEY_USE, Severity.INCONCLUSIVE),
            Map.entry(FindingCode.NO_AUDIT_LOGS, Severity.INCONCLUSIVE),
            Map.entry(FindingCode.SOURCE_INCOMPLETE, Severity.INCONCLUSIVE),
            Map.entry(FindingCode.KEY_NOT_FOUND, Severity.ERROR),
            Map.entry(FindingCode.KEY_DISABLED, Severity.ERROR),
            Map.entry(FindingCode.KEY_NOT_YET_VALID, Severity.ERROR),
            Map.entry(FindingCode.KEY_EXPIRED, Severity.WARNING),
            Map.entry(FindingCode.KEY_EXPIRING, Severity.WARNING),
            Map.entry(FindingCode.KEY_OPERATIONS_MISSING, Severity.ERROR),
            Map.entry(FindingCode.KEY_TYPE_UNSUPPORTED, Severity.ERROR),
            Map.entry(FindingCode.PURGE_PROTECTION_OFF, Severity.WARNING),
            Map.entry(FindingCode.PINNED_VERSION_OUTDATED, Severity.WARNING),
            Map.entry(FindingCode.STALE_KEY_VERSION, Severity.WARNING),
            Map.entry(FindingCode.UNEXPECTED_CALLER, Severity.WARNING),
            Map.entry(FindingCode.CMK_NOT_CONFIGURED, Severity.ERROR),
            Map.entry(FindingCode.KEY_MISMATCH, Severity.ERROR),
            Map.entry(FindingCode.IDENTITY_MISMATCH, Severity.WARNING),
            Map.entry(FindingCode.IDENTITY_SHARED, Severity.WARNING),
            Map.entry(FindingCode.KEY_ACCESS_LOST, Severity.ERROR),
            Map.entry(FindingCode.AUDIT_LOGS_NOT_ROUTED, Severity.WARNING),
            Map.entry(FindingCode.RESOURCE_NOT_FOUND, Severity.WARNING),
            // Section 11: the probe's outcomes.
            Map.entry(FindingCode.PROBE_DEPENDENCY_PROVEN, Severity.INFO),
            Map.entry(FindingCode.PROBE_NO_EFFECT, Severity.ERROR),
            Map.entry(FindingCode.PROBE_NOT_RECOVERED, Severity.ERROR),
            Map.entry(FindingCode.PROBE_INCONCLUSIVE, Severity.INCONCLUSIVE)));

    @ParameterizedTest
    @EnumSource(FindingCode.class)
    void eachCodeHasTheSeverityOfTheSpecTable(FindingCode code) {
        assertEquals(SPEC_SEVERITY.get(code), code.severity());
    }

    @ParameterizedTest
    @EnumSource(value = FindingCode.class, mode = EnumSource.Mode.MATCH_NONE, names = "PROBE_.*")
    void eachCodeFiresInItsTriggerScenarioWithMessageAndRemediation(FindingCode code) {
        Finding f = Findings.finding(Triggers.scenarioFor(code).verdict(), code);
        assertEquals(SPEC_SEVERITY.get(code), f.severity());
        assertFalse(f.message().isBlank(), "message");
        assertFalse(f.remediation().isBlank(), "remediation");
    }

    @Test
    void eachCodeHasExactlyOneRule() {
        Map<FindingCode, Long> rulesPerCode = Stream.concat(Verifier.RULES.stream().map(FindingRule::code),
                        ProbeRule.RULES.stream().map(ProbeRule::code))
                .collect(Collectors.groupingBy(c -> c, () -> new EnumMap<>(FindingCode.class),
                        Collectors.counting()));
        for (FindingCode code : FindingCode.values()) {
            assertEquals(1L, rulesPerCode.getOrDefault(code, 0L), code.name());
        }
    }

    @Test
    void aHealthyResourceIsVerifiedWithKeyUseConfirmedAsItsOnlyFinding() {
        Verdict v = Scenario.healthy().verdict();
        assertEquals(Set.of(FindingCode.KEY_USE_CONFIRMED), Findings.codes(v));
        assertEquals(VerdictStatus.VERIFIED, v.status());
    }
}
