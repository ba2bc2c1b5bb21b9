package com.cmkverifier.application;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.verdict.Verdict;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One trace line per final verdict, {@code CMKV_VERDICT {json}}, for the alert and queries in
 * {@code integrations/monitor/}. A message prefix rather than custom dimensions: the Java worker's context
 * logger has no way to attach dimensions. Names, statuses and codes only: never evidence or secrets.
 */
public final class VerdictLine {

    public static final String PREFIX = "CMKV_VERDICT ";

    private VerdictLine() {
    }

    static String of(FinalVerdict f) {
        Verdict v = f.verdict();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("resource", v.resource());
        o.put("status", v.status().name());
        ArrayNode codes = o.putArray("codes");
        v.findings().stream().map(Finding::code).map(Enum::name).forEach(codes::add);
        o.put("trigger", f.trigger());
        o.put("runId", f.runId());
        o.put("sweepId", f.sweepId());
        o.put("evaluatedAt", f.evaluatedAt().toString());
        o.put("windowFrom", v.window().from().toString());
        o.put("windowTo", v.window().to().toString());
        return PREFIX + o;
    }
}
