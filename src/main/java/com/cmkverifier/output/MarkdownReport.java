package com.cmkverifier.output;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.Severity;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.verdict.KeyVersionReport;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * GitHub-flavoured Markdown for job summaries ({@code $GITHUB_STEP_SUMMARY}) and Azure DevOps
 * ({@code ##vso[task.uploadsummary]}): a summary line, one table row per resource, then the findings that need
 * attention with their fixes, each resource folded in a {@code <details>} block so that long sweeps stay short.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String write(VerificationReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("## CMK verification\n\n");
        sb.append("Evaluated at ").append(report.evaluatedAt()).append(", window ").append(report.window().from())
                .append(" .. ").append(report.window().to()).append("\n\n");
        sb.append(report.summary().entrySet().stream().map(e -> mark(e.getKey()) + " " + e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(" · "))).append("\n\n");
        sb.append("| Resource | Type | Status | Findings |\n|---|---|---|---|\n");
        for (Verdict v : report.verdicts()) {
            sb.append("| ").append(cell(v.resource())).append(" | ").append(cell(v.type())).append(" | ")
                    .append(mark(v.status())).append(' ').append(v.status()).append(" | ")
                    .append(v.findings().stream().map(f -> "`" + f.code() + "`").collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        for (Verdict v : report.verdicts()) {
            List<Finding> notable = v.findings().stream().filter(f -> f.severity() != Severity.INFO).toList();
            if (notable.isEmpty()) {
                continue;
            }
            sb.append("\n<details><summary>").append(mark(v.status())).append(' ').append(HtmlReport.text(v.resource()))
                    .append(": ").append(v.status()).append("</summary>\n\n");
            sb.append("Key: ").append(cell(v.key())).append("\n\n");
            for (Finding f : notable) {
                sb.append("- **").append(f.severity().label()).append("** `").append(f.code()).append("`: ")
                        .append(line(f.message())).append("\n  - Fix: ").append(line(f.remediation())).append('\n');
            }
            if (v.keyVersions().size() > 1) {
                sb.append("\n| Version | Successful uses | Last successful use | Failed uses |\n|---|---|---|---|\n");
                for (KeyVersionReport k : v.keyVersions()) {
                    sb.append("| `").append(cell(k.version())).append('`').append(k.current() ? " (current)" : "")
                            .append(Boolean.FALSE.equals(k.enabled()) ? " disabled" : "").append(" | ")
                            .append(k.successfulUses()).append(" | ").append(time(k.lastSuccessfulUse())).append(" | ")
                            .append(k.failedUses()).append(" |\n");
                }
            }
            sb.append("\n</details>\n");
        }
        sb.append("\nInputs: ").append(report.inputs().files()).append(" files, ").append(report.inputs().records())
                .append(" records, ").append(report.inputs().skipped()).append(" skipped\n");
        return sb.toString();
    }

    private static String mark(VerdictStatus s) {
        return switch (s) {
            case VERIFIED -> "\u2705";
            case WARNING -> "\u26a0\ufe0f";
            case INCONCLUSIVE -> "\u2754";
            case FAILED -> "\u274c";
        };
    }

    private static String time(Instant t) {
        return t == null ? "none in window" : t.toString();
    }

    /** Text for a table cell: pipes and HTML would break the row, newlines the table. */
    private static String cell(String s) {
        return line(s).replace("|", "\\|");
    }

    private static String line(String s) {
        return HtmlReport.text(s).replaceAll("[\\r\\n]+", " ");
    }
}
