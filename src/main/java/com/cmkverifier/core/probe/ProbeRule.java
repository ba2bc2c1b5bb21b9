package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One outcome of the probe, named by its finding code; exactly one of {@link #RULES} fires per observation. */
public interface ProbeRule {

    List<ProbeRule> RULES = List.of(new ProbeDependencyProven(), new ProbeNotRecovered(), new ProbeNoEffect(),
            new ProbeInconclusive());

    FindingCode code();

    String remediation(ProbeObservation o);

    Optional<Finding> evaluate(ProbeObservation o);

    default Optional<Finding> found(ProbeObservation o, String message) {
        return Optional.of(new Finding(code(), message, evidence(o), remediation(o)));
    }

    /** The numbers and times every outcome reports. */
    static Map<String, Object> evidence(ProbeObservation o) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("version", o.version());
        e.put("disabledAt", text(o.disabledAt()));
        e.put("countedFrom", text(o.noticeAt()));
        e.put("reenabledAt", text(o.reenabledAt()));
        e.put("observedUntil", text(o.observedUntil()));
        e.put("failuresWhileDisabled", o.failuresWhileDisabled());
        e.put("lastFailure", text(o.lastFailure()));
        e.put("failedOperations", o.failedOperations());
        e.put("successesWhileDisabled", o.successesWhileDisabled());
        e.put("successesAfterReenable", o.successesAfter());
        e.put("firstSuccessAfterReenable", text(o.firstSuccessAfter()));
        e.put("otherIdentitiesFailing", o.otherFailures().isEmpty() ? null : o.otherFailures());
        e.values().removeIf(v -> v == null);
        return e;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
