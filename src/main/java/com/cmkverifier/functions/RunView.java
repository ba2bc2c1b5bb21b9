package com.cmkverifier.functions;

import com.cmkverifier.state.Run;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * A verification run as the API shows it: 202 with Location and Retry-After while it is pending (Logic Apps
 * polls on 202 only), 200 once it is done.
 */
final class RunView {

    static final String PATH = "/api/verifications/";

    private RunView() {
    }

    static ApiResponse of(Run run, Duration pollAfter, StatusLink link) {
        return run.done() ? ApiResponse.json(200, view(run))
                : ApiResponse.json(202, view(run))
                .with("Location", link.to(run.id()))
                .with("Retry-After", Long.toString(pollAfter.toSeconds()));
    }

    private static ObjectNode view(Run r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", r.id());
        o.put("resource", r.resource());
        o.put("state", r.done() ? "done" : "pending");
        o.put("status", r.done() && r.status() != null ? r.status().name() : "PENDING");
        o.put("lastStatus", r.status() == null ? null : r.status().name());
        o.set("verdict", r.verdictJson() == null ? null : StoredJson.parse(r.verdictJson()));
        o.put("reason", r.reason());
        o.put("since", r.since() == null ? null : r.since().toString());
        o.put("timeout", r.timeout().toString());
        o.put("createdAt", r.createdAt().toString());
        o.put("updatedAt", r.updatedAt().toString());
        o.put("attempts", r.attempts());
        o.put("deadline", r.deadline().toString());
        o.put("nextCheckAt", r.nextCheckAt() == null || r.done() ? null : r.nextCheckAt().toString());
        return o;
    }
}
