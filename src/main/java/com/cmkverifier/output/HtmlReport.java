package com.cmkverifier.output;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.Severity;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.KeyVersionReport;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page to attach to a change record: summary, each resource's verdict, findings with
 * their fixes, and per key an inline SVG timeline of successful and failed uses by version across the window.
 * No scripts, fonts or images from elsewhere, so it reads the same offline and years later.
 */
public final class HtmlReport {

    private static final int WIDTH = 800;
    private static final int LABEL = 190;
    private static final int PLOT = WIDTH - LABEL - 60;
    private static final int ROW = 24;
    private static final int TOP = 26;

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1b1f24;padding:0 16px}
            h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #d0d7de}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
            .status{font-weight:600;padding:1px 6px;border-radius:4px;white-space:nowrap}
            .VERIFIED{background:#dafbe1;color:#116329}.WARNING{background:#fff8c5;color:#7d4e00}
            .INCONCLUSIVE{background:#ddf4ff;color:#0a3069}.FAILED{background:#ffebe9;color:#a40e26}
            .muted{color:#57606a}.finding{margin:6px 0 10px}.code{font-family:ui-monospace,Consolas,monospace;font-weight:600}
            .fix{margin-left:18px}.summary span{margin-right:12px}
            figure{margin:12px 0 20px}figcaption{font-family:ui-monospace,Consolas,monospace;font-size:12px;margin-bottom:4px}
            svg text{font:11px ui-monospace,Consolas,monospace;fill:#1b1f24}
            @media print{body{margin:0}}
            """;

    private HtmlReport() {
    }

    public static String write(VerificationReport report) {
        StringBuilder sb = new StringBuilder(16_384);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>CMK verification ").append(text(report.evaluatedAt().toString())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>Customer-managed key verification</h1>\n<p class=\"muted\">Evaluated at <time>")
                .append(report.evaluatedAt()).append("</time>, window <time>").append(report.window().from())
                .append("</time> .. <time>").append(report.window().to()).append("</time></p>\n");
        summary(sb, report);
        verdictTable(sb, report.verdicts());
        findings(sb, report.verdicts());
        timelines(sb, report);
        inputs(sb, report);
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void summary(StringBuilder sb, VerificationReport report) {
        sb.append("<section id=\"summary\" class=\"summary\">\n");
        for (Map.Entry<VerdictStatus, Integer> e : report.summary().entrySet()) {
            sb.append("<span><span class=\"status ").append(e.getKey()).append("\">").append(e.getKey())
                    .append("</span> <b data-count=\"").append(e.getKey()).append("\">").append(e.getValue())
                    .append("</b></span>");
        }
        sb.append("\n</section>\n");
    }

    private static void verdictTable(StringBuilder sb, List<Verdict> verdicts) {
        sb.append("<h2>Resources</h2>\n<table id=\"verdicts\">\n<thead><tr><th>Resource</th><th>Type</th>")
                .append("<th>Status</th><th>Findings</th><th>Key</th></tr></thead>\n<tbody>\n");
        for (Verdict v : verdicts) {
            sb.append("<tr data-resource=\"").append(attr(v.resource())).append("\" data-status=\"")
                    .append(v.status()).append("\"><td>").append(text(v.resource())).append("</td><td>")
                    .append(text(v.type())).append("</td><td><span class=\"status ").append(v.status()).append("\">")
                    .append(v.status()).append("</span></td><td class=\"code\">")
                    .append(text(String.join(", ", v.findings().stream().map(f -> f.code().name()).toList())))
                    .append("</td><td><a href=\"#").append(keyAnchor(v.key())).append("\">")
                    .append(text(v.key())).append("</a></td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static void findings(StringBuilder sb, List<Verdict> verdicts) {
        sb.append("<h2>Findings and remediation</h2>\n");
        for (Verdict v : verdicts) {
            List<Finding> notable = v.findings().stream().filter(f -> f.severity() != Severity.INFO).toList();
            if (notable.isEmpty()) {
                continue;
            }
            sb.append("<section class=\"resource\" data-resource=\"").append(attr(v.resource())).append("\">\n<h3>")
                    .append(text(v.resource())).append(" <span class=\"status ").append(v.status()).append("\">")
                    .append(v.status()).append("</span></h3>\n");
            for (Finding f : notable) {
                sb.append("<div class=\"finding\" data-code=\"").append(f.code()).append("\"><span class=\"muted\">")
                        .append(f.severity().label()).append("</span> <span class=\"code\">").append(f.code())
                        .append("</span>: ").append(text(f.message())).append("<div class=\"fix\">Fix: ")
                        .append(text(f.remediation())).append("</div></div>\n");
            }
            sb.append("</section>\n");
        }
    }

    /** One timeline per key: the versions' uses are the key's, whichever resource reported them. */
    private static void timelines(StringBuilder sb, VerificationReport report) {
        Map<String, Verdict> byKey = new LinkedHashMap<>();
        report.verdicts().forEach(v -> byKey.putIfAbsent(v.key(), v));
        sb.append("<h2>Key use by version</h2>\n<p class=\"muted\">Per version, the span from the first to the ")
                .append("last successful use (green) and failed use (red) by any caller in the window; the figures ")
                .append("are counts. A version without a line was not used in the window.</p>\n");
        for (Verdict v : byKey.values()) {
            sb.append("<figure class=\"timeline\" id=\"").append(keyAnchor(v.key())).append("\" data-key=\"")
                    .append(attr(v.key())).append("\">\n<figcaption>").append(text(v.key())).append("</figcaption>\n");
            svg(sb, v.keyVersions(), report.window());
            sb.append("</figure>\n");
        }
    }

    private static void svg(StringBuilder sb, List<KeyVersionReport> versions, Window window) {
        int rows = Math.max(1, versions.size());
        int height = TOP + rows * ROW + 6;
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\">\n");
        sb.append("<text x=\"").append(LABEL).append("\" y=\"12\">").append(window.from()).append("</text>")
                .append("<text x=\"").append(LABEL + PLOT).append("\" y=\"12\" text-anchor=\"end\">")
                .append(window.to()).append("</text>\n");
        sb.append("<rect x=\"").append(LABEL).append("\" y=\"").append(TOP - 8).append("\" width=\"").append(PLOT)
                .append("\" height=\"").append(rows * ROW).append("\" fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>\n");
        if (versions.isEmpty()) {
            sb.append("<text x=\"").append(LABEL + 8).append("\" y=\"").append(TOP + 8)
                    .append("\">no version known</text>\n");
        }
        for (int i = 0; i < versions.size(); i++) {
            KeyVersionReport k = versions.get(i);
            int y = TOP + i * ROW + 4;
            sb.append("<g class=\"version\" data-version=\"").append(attr(k.version())).append("\" data-successes=\"")
                    .append(k.successfulUses()).append("\" data-failures=\"").append(k.failedUses()).append("\">");
            sb.append("<text x=\"4\" y=\"").append(y + 4).append("\">").append(text(shortVersion(k.version())))
                    .append(k.current() ? " current" : "").append(Boolean.FALSE.equals(k.enabled()) ? " disabled" : "")
                    .append("</text>");
            span(sb, window, k.firstSuccessfulUse(), k.lastSuccessfulUse(), k.successfulUses(), y - 5, "#2da44e",
                    "successful", 0);
            span(sb, window, k.firstFailedUse(), k.lastFailedUse(), k.failedUses(), y + 2, "#cf222e", "failed", 28);
            sb.append("</g>\n");
        }
        sb.append("</svg>\n");
    }

    /** @param countShift where the count goes right of the plot, so that two counts of one row never overlap */
    private static void span(StringBuilder sb, Window window, Instant first, Instant last, long count, int y,
                             String colour, String what, int countShift) {
        if (count == 0 || first == null || last == null) {
            return;
        }
        double x1 = x(window, first);
        double x2 = Math.max(x(window, last), x1 + 3);
        sb.append("<rect class=\"").append(what).append("\" x=\"").append(fmt(x1)).append("\" y=\"").append(y)
                .append("\" width=\"").append(fmt(x2 - x1)).append("\" height=\"5\" fill=\"").append(colour)
                .append("\"><title>").append(count).append(' ').append(what).append(" use(s), ").append(first)
                .append(" .. ").append(last).append("</title></rect>");
        sb.append("<text x=\"").append(LABEL + PLOT + 6 + countShift).append("\" y=\"").append(y + 5)
                .append("\" fill=\"").append(colour).append("\">").append(count).append("</text>");
    }

    private static double x(Window window, Instant t) {
        double total = Math.max(1, window.to().toEpochMilli() - window.from().toEpochMilli());
        double at = Math.min(Math.max(t.toEpochMilli() - window.from().toEpochMilli(), 0), total);
        return LABEL + PLOT * at / total;
    }

    private static void inputs(StringBuilder sb, VerificationReport report) {
        sb.append("<h2>Inputs</h2>\n<p id=\"inputs\">").append(report.inputs().files()).append(" files, ")
                .append(report.inputs().records()).append(" records, ").append(report.inputs().skipped())
                .append(" skipped</p>\n");
        if (!report.inputs().skippedDetails().isEmpty()) {
            sb.append("<ul>\n");
            report.inputs().skippedDetails().forEach(s -> sb.append("<li>").append(text(s.file()))
                    .append(s.line() > 0 ? ":" + s.line() : "").append(": ").append(text(s.reason())).append("</li>\n"));
            sb.append("</ul>\n");
        }
    }

    private static String shortVersion(String version) {
        return version.length() > 10 ? version.substring(0, 10) + "\u2026" : version;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** A fragment id from a key URL: letters, digits and dashes only. */
    private static String keyAnchor(String key) {
        return "key-" + key.replaceFirst("^https://", "").replaceAll("[^A-Za-z0-9]+", "-");
    }

    static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String attr(String s) {
        return text(s).replace("\"", "&quot;");
    }
}
