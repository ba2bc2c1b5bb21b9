package com.cmkverifier.functions;

import com.cmkverifier.state.DiscoveryRun;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/** A discovery as the API shows it: 202 with Location and Retry-After while pending, 200 once done. */
final class DiscoveryView {

    static final String PATH = "/api/discoveries/";

    private DiscoveryView() {
    }

    static ApiResponse of(DiscoveryRun run, Duration pollAfter, StatusLink link) {
        return run.done() ? ApiResponse.json(200, view(run))
                : ApiResponse.json(202, view(run))
                .with("Location", link.to(PATH, run.id()))
                .with("Retry-After", Long.toString(pollAfter.toSeconds()));
    }

    private static ObjectNode view(DiscoveryRun r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", r.id());
        o.put("trigger", r.trigger());
        o.put("state", !r.done() ? "pending" : r.reason() == null ? "merged" : "failed");
        o.put("reason", r.reason());
        o.set("report", r.reportJson() == null ? null : StoredJson.parse(r.reportJson()));
        o.put("createdAt", r.createdAt().toString());
        o.put("updatedAt", r.updatedAt().toString());
        o.put("deadline", r.deadline().toString());
        return o;
    }
}
