package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.types.ResourceTypes;

import java.util.Optional;

/** The identity failed while the key was disabled, and no success followed within --max-outage of the re-enable. */
public final class ProbeNotRecovered implements ProbeRule {

    @Override
    public FindingCode code() {
        return FindingCode.PROBE_NOT_RECOVERED;
    }

    @Override
    public String remediation(ProbeObservation o) {
        if (ResourceTypes.MYSQL_FLEXIBLE.equalsIgnoreCase(o.resource().type())) {
            return "A MySQL flexible server does not recover by itself: revalidate its key (portal: the server's"
                    + " Data encryption page, Revalidate key; or set the key again with az mysql flexible-server"
                    + " update --resource-group <rg> --name " + o.resource().name() + " --key "
                    + o.resource().key().url() + " --identity <user-assigned identity>), then check its status.";
        }
        return "Check the resource: the key version is enabled again, but the service has not used it since."
                + " Some services take up to an hour to recover; run cmkv verify on it later.";
    }

    @Override
    public Optional<Finding> evaluate(ProbeObservation o) {
        if (!o.complete() || !o.dependencyShown() || o.recovered()) {
            return Optional.empty();
        }
        return found(o, o.resource().name() + " failed " + o.failuresWhileDisabled() + " time(s) on version "
                + o.version() + " while it was disabled, and has not used the key successfully since it was"
                + " re-enabled at " + o.reenabledAt() + " (observed until " + o.observedUntil() + ")");
    }
}
