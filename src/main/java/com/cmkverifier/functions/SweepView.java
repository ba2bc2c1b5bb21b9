package com.cmkverifier.functions;

import com.cmkverifier.state.Sweep;
import com.cmkverifier.state.SweepProgress;
import com.cmkverifier.state.SweepResult;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A sweep as the API shows it: its state, counts, summary and one page of results, with the
 * {@code continuationToken} that fetches the next page when there is one.
 */
final class SweepView {

    private SweepView() {
    }

    static ObjectNode of(SweepProgress p) {
        Sweep s = p.sweep();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.id());
        o.put("state", p.complete() ? "done" : "running");
        o.put("trigger", s.trigger());
        o.put("startedAt", s.startedAt().toString());
        o.putObject("window").put("from", s.window().from().toString()).put("to", s.window().to().toString());
        o.putObject("shards").put("done", p.shardsDone()).put("total", s.shards());
        o.putObject("resources").put("done", p.resultsDone()).put("total", s.resources());
        ObjectNode counts = o.putObject("summary");
        p.counts().forEach((status, n) -> counts.put(status.name(), n));
        ArrayNode results = o.putArray("results");
        for (SweepResult r : p.results()) {
            ObjectNode ro = results.addObject().put("resource", r.resource()).put("status", r.status().name());
            r.findings().forEach(ro.putArray("findings")::add);
            if (r.reason() != null) {
                ro.put("reason", r.reason());
            }
        }
        if (p.continuationToken() != null) {
            o.put("continuationToken", p.continuationToken());
        }
        return o;
    }
}
