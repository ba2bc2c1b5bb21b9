package com.cmkverifier.output;

import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.activity.SkippedInput;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.KeyVersionReport;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;

/** The JSON shape of spec section 7, shared by the CLI and the HTTP API. */
public final class JsonReport {

    /** Indented: the report is read by people too. */
    static final ObjectWriter INDENTED = Jackson.MAPPER.writerWithDefaultPrettyPrinter();

    private JsonReport() {
    }

    public static String write(VerificationReport report) {
        try {
            return INDENTED.writeValueAsString(report(report)) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode report(VerificationReport report) {
        ObjectNode o = Jackson.MAPPER.createObjectNode();
        o.put("evaluatedAt", report.evaluatedAt().toString());
        o.set("window", window(report.window()));
        ArrayNode results = o.putArray("results");
        report.verdicts().forEach(v -> results.add(verdict(v)));
        ObjectNode summary = o.putObject("summary");
        report.summary().forEach((status, n) -> summary.put(status.name(), n));
        o.set("inputs", inputs(report.inputs()));
        return o;
    }

    public static ObjectNode window(Window w) {
        ObjectNode o = Jackson.MAPPER.createObjectNode();
        o.put("from", w.from().toString());
        o.put("to", w.to().toString());
        return o;
    }

    public static ObjectNode verdict(Verdict v) {
        ObjectNode o = Jackson.MAPPER.createObjectNode();
        o.put("resource", v.resource());
        o.put("type", v.type());
        o.put("key", v.key());
        o.put("status", v.status().name());
        ArrayNode findings = o.putArray("findings");
        for (Finding f : v.findings()) {
            ObjectNode fo = findings.addObject();
            fo.put("code", f.code().name());
            fo.put("severity", f.severity().label());
            fo.put("message", f.message());
            fo.set("evidence", Jackson.MAPPER.valueToTree(f.evidence()));
            fo.put("remediation", f.remediation());
        }
        ArrayNode versions = o.putArray("keyVersions");
        for (KeyVersionReport k : v.keyVersions()) {
            ObjectNode ko = versions.addObject();
            ko.put("version", k.version());
            if (k.enabled() != null) {
                ko.put("enabled", k.enabled());
            }
            putTime(ko, "created", k.created());
            putTime(ko, "expires", k.expires());
            ko.put("current", k.current());
            ko.put("successfulUses", k.successfulUses());
            putTime(ko, "lastSuccessfulUse", k.lastSuccessfulUse());
        }
        if (v.horizon() != null) {
            ObjectNode h = o.putObject("evidenceHorizon");
            putTime(h, "latestRecord", v.horizon().latestRecord());
            h.put("ingestionLag", v.horizon().ingestionLag().toString());
            h.put("windowWithinLag", v.horizon().windowWithinLag());
        }
        return o;
    }

    public static ObjectNode inputs(InputStats in) {
        ObjectNode o = Jackson.MAPPER.createObjectNode();
        o.put("files", in.files());
        o.put("records", in.records());
        o.put("skipped", in.skipped());
        ArrayNode lines = o.putArray("skippedLines");
        for (SkippedInput s : in.skippedDetails()) {
            ObjectNode so = lines.addObject();
            so.put("file", s.file());
            so.put("line", s.line());
            so.put("reason", s.reason());
        }
        return o;
    }

    private static void putTime(ObjectNode o, String field, Instant t) {
        if (t != null) {
            o.put(field, t.toString());
        }
    }
}
