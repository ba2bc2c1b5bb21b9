package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Optional;

/**
 * No failure while the version was disabled although the identity kept using that very version successfully
 * after the type's notice time, over an outage at least as long as that (documented) notice time.
 */
public final class ProbeNoEffect implements ProbeRule {

    @Override
    public FindingCode code() {
        return FindingCode.PROBE_NO_EFFECT;
    }

    @Override
    public String remediation(ProbeObservation o) {
        return "The resource does not depend on this key version: check its encryption settings (which key and"
                + " version it is configured with, and whether customer-managed keys are on at all).";
    }

    @Override
    public Optional<Finding> evaluate(ProbeObservation o) {
        if (!o.complete() || o.dependencyShown() || o.successesWhileDisabled() == 0 || !o.outageCoversNotice()) {
            return Optional.empty();
        }
        return found(o, o.resource().name() + " kept using key " + o.resource().key().keyName() + " successfully ("
                + o.successesWhileDisabled() + " time(s)) on version " + o.version() + " from " + o.noticeAt()
                + " (the disable plus the type's notice time) until it was re-enabled at " + o.reenabledAt()
                + ", and never failed: it does not depend on this version");
    }
}
