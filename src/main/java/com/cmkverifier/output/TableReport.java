package com.cmkverifier.output;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.Severity;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.verdict.KeyVersionReport;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A table for people: one line per resource, then the findings that need attention with their fixes. */
public final class TableReport {

    private static final String RESET = "\u001b[0m";

    private TableReport() {
    }

    /** @param colour ANSI colours, for a terminal only */
    public static String write(VerificationReport report, boolean colour) {
        StringBuilder sb = new StringBuilder();
        sb.append("CMK verification at ").append(report.evaluatedAt()).append(", window ")
                .append(report.window().from()).append(" .. ").append(report.window().to()).append("\n\n");
        List<Verdict> verdicts = report.verdicts();
        int nameWidth = Math.max(8, verdicts.stream().mapToInt(v -> v.resource().length()).max().orElse(0));
        int typeWidth = Math.max(4, verdicts.stream().mapToInt(v -> v.type().length()).max().orElse(0));
        sb.append(pad("RESOURCE", nameWidth)).append("  ").append(pad("TYPE", typeWidth)).append("  ")
                .append(pad("STATUS", 12)).append("  FINDINGS\n");
        for (Verdict v : verdicts) {
            sb.append(pad(v.resource(), nameWidth)).append("  ").append(pad(v.type(), typeWidth)).append("  ")
                    .append(paint(pad(v.status().name(), 12), v.status(), colour)).append("  ")
                    .append(v.findings().stream().map(f -> f.code().name()).collect(Collectors.joining(", ")))
                    .append('\n');
        }
        for (Verdict v : verdicts) {
            List<Finding> notable = v.findings().stream().filter(f -> f.severity() != Severity.INFO).toList();
            boolean recent = v.horizon() != null && v.horizon().windowWithinLag();
            if (notable.isEmpty() && !recent) {
                continue;
            }
            sb.append('\n').append(v.resource()).append("  ").append(paint(v.status().name(), v.status(), colour))
                    .append("  ").append(v.key()).append('\n');
            for (Finding f : notable) {
                sb.append("  ").append(pad(f.severity().label(), 12)).append(' ').append(f.code().name()).append(": ")
                        .append(f.message()).append('\n');
                sb.append("  ").append(pad("", 12)).append(" fix: ").append(f.remediation()).append('\n');
            }
            if (recent) {
                sb.append("  ").append(pad("note", 12)).append(' ').append(v.horizon().describe()).append('\n');
            }
            if (v.keyVersions().size() > 1) {
                for (KeyVersionReport k : v.keyVersions()) {
                    sb.append("  ").append(pad("version", 12)).append(' ').append(k.version())
                            .append(k.current() ? " (current)" : "")
                            .append(Boolean.FALSE.equals(k.enabled()) ? " disabled" : "")
                            .append(", last use ").append(k.lastSuccessfulUse() == null ? "none in window"
                                    : k.lastSuccessfulUse().toString()).append('\n');
                }
            }
        }
        Map<VerdictStatus, Integer> summary = report.summary();
        sb.append("\nSummary: ");
        sb.append(summary.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name())
                .collect(Collectors.joining(", ")));
        sb.append("   (inputs: ").append(report.inputs().files()).append(" files, ")
                .append(report.inputs().records()).append(" records, ").append(report.inputs().skipped())
                .append(" skipped)\n");
        report.inputs().skippedDetails().stream().limit(10).forEach(s -> sb.append("  skipped ").append(s.file())
                .append(s.line() > 0 ? ":" + s.line() : "").append(": ").append(s.reason()).append('\n'));
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String paint(String text, VerdictStatus status, boolean colour) {
        if (!colour) {
            return text;
        }
        String code = switch (status) {
            case VERIFIED -> "\u001b[32m";
            case WARNING -> "\u001b[33m";
            case INCONCLUSIVE -> "\u001b[36m";
            case FAILED -> "\u001b[31m";
        };
        return code + text + RESET;
    }
}
