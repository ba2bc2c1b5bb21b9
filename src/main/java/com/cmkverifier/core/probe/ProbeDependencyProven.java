package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Optional;

/** The identity failed on the key while it was disabled and succeeded after it came back. */
public final class ProbeDependencyProven implements ProbeRule {

    @Override
    public FindingCode code() {
        return FindingCode.PROBE_DEPENDENCY_PROVEN;
    }

    @Override
    public String remediation(ProbeObservation o) {
        return "Nothing to do: the resource depends on this key, and recovered when it came back.";
    }

    @Override
    public Optional<Finding> evaluate(ProbeObservation o) {
        if (!o.complete() || !o.dependencyShown() || !o.recovered()) {
            return Optional.empty();
        }
        return found(o, o.resource().name() + " failed " + o.failuresWhileDisabled() + " time(s) on version "
                + o.version() + " while it was disabled, and used the key again at " + o.firstSuccessAfter()
                + " after it was re-enabled: it depends on this key");
    }
}
