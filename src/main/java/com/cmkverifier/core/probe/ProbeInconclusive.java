package com.cmkverifier.core.probe;

import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Nothing to judge: the identity made no attempt at all while the key was disabled, or the audit source was
 * incomplete or failed, so neither dependency nor independence is shown.
 */
public final class ProbeInconclusive implements ProbeRule {

    @Override
    public FindingCode code() {
        return FindingCode.PROBE_INCONCLUSIVE;
    }

    @Override
    public String remediation(ProbeObservation o) {
        String notice = NoticeTimes.of(o.resource().type()).map(d -> "a " + o.resource().type() + " notices a"
                + " disabled key within about " + d).orElse("how soon this type notices is not documented");
        return "Run the probe again with a longer --max-outage while the resource is busy (" + notice
                + "; audit logs arrive up to " + NoticeTimes.INGESTION_LAG + " later), and check that the vault's"
                + " audit logs reach the registered workspace.";
    }

    @Override
    public Optional<Finding> evaluate(ProbeObservation o) {
        if (o.observerError() != null) {
            return found(o, "the audit log could not be read while probing " + o.resource().name() + ": "
                    + o.observerError());
        }
        if (!o.complete()) {
            return found(o, "the audit log was incomplete while probing " + o.resource().name() + ": "
                    + o.issues().stream().map(SourceIssue::message).collect(Collectors.joining("; ")));
        }
        if (o.dependencyShown() || o.successesWhileDisabled() > 0) {
            return Optional.empty();
        }
        return found(o, o.resource().name() + "'s identity made no attempt on key " + o.resource().key().keyName()
                + " while version " + o.version() + " was disabled (" + o.disabledAt() + " to "
                + (o.reenabledAt() == null ? o.observedUntil() : o.reenabledAt()) + ")");
    }
}
