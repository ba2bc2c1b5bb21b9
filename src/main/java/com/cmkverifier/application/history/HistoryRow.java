package com.cmkverifier.application.history;

import com.cmkverifier.application.FinalVerdict;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.verdict.KeyVersionReport;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.output.JsonReport;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the custom table {@code CmkVerification_CL}, as JSON in the stream's column names and types
 * ({@code infra/app/history-columns.json} declares them for the table, the rule and the workbook's checks).
 *
 * @param id the verdict's id ({@code VerdictId}): copies sent twice after a retry share it
 */
public record HistoryRow(String id, String json) {

    /** Beyond this the verdict JSON is left out of its row: a row must fit a 1 MB request with room to spare. */
    static final int MAX_VERDICT_CHARS = 256 * 1024;

    private static final Pattern SUBSCRIPTION = Pattern.compile("(?i)^/subscriptions/([^/]+)/");

    public static HistoryRow of(FinalVerdict f) {
        Verdict v = f.verdict();
        ObjectNode o = Jackson.MAPPER.createObjectNode();
        o.put("TimeGenerated", f.evaluatedAt().toString());
        o.put("VerdictId", f.id());
        o.put("Resource", v.resource());
        o.put("ResourceId", f.resourceId());
        o.put("SubscriptionId", subscription(f.resourceId()));
        o.put("ResourceType", v.type());
        o.put("KeyUrl", v.key());
        o.put("Status", v.status().name());
        ArrayNode codes = o.putArray("FindingCodes");
        v.findings().stream().map(Finding::code).map(Enum::name).forEach(codes::add);
        long successes = 0;
        long failures = 0;
        Instant last = null;
        ArrayNode versions = o.putArray("KeyVersions");
        for (KeyVersionReport k : v.keyVersions()) {
            successes += k.successfulUses();
            failures += k.failedUses();
            if (k.lastSuccessfulUse() != null && (last == null || k.lastSuccessfulUse().isAfter(last))) {
                last = k.lastSuccessfulUse();
            }
            ObjectNode ko = versions.addObject();
            ko.put("version", k.version());
            ko.put("current", k.current());
            if (k.enabled() != null) {
                ko.put("enabled", k.enabled());
            }
            ko.put("successfulUses", k.successfulUses());
            ko.put("lastSuccessfulUse", text(k.lastSuccessfulUse()));
            ko.put("failedUses", k.failedUses());
        }
        o.put("SuccessfulUses", successes);
        o.put("FailedUses", failures);
        o.put("LastSuccessfulUse", text(last));
        o.put("WindowStart", v.window().from().toString());
        o.put("WindowEnd", v.window().to().toString());
        o.put("Trigger", f.trigger());
        o.put("RunId", f.runId());
        o.put("SweepId", f.sweepId());
        ObjectNode verdict = JsonReport.verdict(v);
        if (verdict.toString().length() <= MAX_VERDICT_CHARS) {
            o.set("Verdict", verdict);
        } else {
            o.putObject("Verdict").put("omitted", "verdict JSON over " + MAX_VERDICT_CHARS
                    + " characters; the run or sweep in the app holds it whole");
        }
        return new HistoryRow(f.id(), o.toString());
    }

    private static String subscription(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        Matcher m = SUBSCRIPTION.matcher(resourceId);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
