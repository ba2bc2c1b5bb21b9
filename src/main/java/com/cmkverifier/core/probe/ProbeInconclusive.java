package com.cmkverifier.core.probe;

import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Nothing to judge: the identity made no attempt on the version while it was disabled, the outage was shorter
 * than a documented notice time, or the audit source was incomplete or failed, so neither dependency nor
 * independence is shown.
 */
public final class ProbeInconclusive implements ProbeRule {

    @Override
    public FindingCode code() {
        return FindingCode.PROBE_INCONCLUSIVE;
    }

    @Override
    public String remediation(ProbeObservation o) {
        NoticeTimes.Timing t = NoticeTimes.of(o.resource().type());
        String notice = t.documented() ? "a " + o.resource().type() + " notices a disabled key within about "
                + t.notice() : "how soon a " + o.resource().type() + " notices is not documented, so only a failure"
                + " can conclude";
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
        if (o.dependencyShown()) {
            return Optional.empty();
        }
        if (o.successesWhileDisabled() > 0) {
            return o.outageCoversNotice() ? Optional.empty() : found(o, o.resource().name() + " kept using version "
                    + o.version() + " while it was disabled, but the outage (" + o.outage() + ") did not cover a"
                    + " documented notice time for a " + o.resource().type() + ": no conclusion");
        }
        return found(o, o.resource().name() + "'s identity made no attempt on key " + o.resource().key().keyName()
                + " while version " + o.version() + " was disabled (" + o.disabledAt() + " to "
                + (o.reenabledAt() == null ? o.observedUntil() : o.reenabledAt()) + ")");
    }
}
