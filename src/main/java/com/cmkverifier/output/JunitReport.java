package com.cmkverifier.output;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.Severity;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * JUnit XML with one test case per resource, so Azure DevOps and GitHub test reporters show verdicts:
 * FAILED is a failure, INCONCLUSIVE a skipped test (not decided either way), VERIFIED and WARNING pass
 * (warnings are listed in the case's output).
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static String write(VerificationReport report) {
        Map<VerdictStatus, Integer> summary = report.summary();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"cmk-verifier\" tests=\"").append(report.verdicts().size())
                .append("\" failures=\"").append(summary.get(VerdictStatus.FAILED))
                .append("\" skipped=\"").append(summary.get(VerdictStatus.INCONCLUSIVE)).append("\">\n");
        sb.append("  <testsuite name=\"cmk-verifier\" tests=\"").append(report.verdicts().size())
                .append("\" failures=\"").append(summary.get(VerdictStatus.FAILED))
                .append("\" errors=\"0\" skipped=\"").append(summary.get(VerdictStatus.INCONCLUSIVE))
                .append("\" timestamp=\"").append(report.evaluatedAt()).append("\">\n");
        for (Verdict v : report.verdicts()) {
            sb.append("    <testcase classname=\"").append(xml("cmk-verifier." + v.type())).append("\" name=\"")
                    .append(xml(v.resource())).append("\" time=\"0\">\n");
            String details = v.findings().stream().filter(f -> f.severity() != Severity.INFO)
                    .map(f -> f.code() + ": " + f.message() + "\n  fix: " + f.remediation())
                    .collect(Collectors.joining("\n"));
            String headline = v.status() + " " + v.findings().stream().filter(f -> f.severity() != Severity.INFO)
                    .map(Finding::code).map(Enum::name).collect(Collectors.joining(", "));
            switch (v.status()) {
                case FAILED -> sb.append("      <failure type=\"FAILED\" message=\"").append(xml(headline.trim()))
                        .append("\">").append(xml(details)).append("</failure>\n");
                case INCONCLUSIVE -> sb.append("      <skipped message=\"").append(xml(headline.trim() + "\n" + details))
                        .append("\"/>\n");
                default -> {
                    if (!details.isEmpty()) {
                        sb.append("      <system-out>").append(xml(details)).append("</system-out>\n");
                    }
                }
            }
            sb.append("    </testcase>\n");
        }
        sb.append("  </testsuite>\n</testsuites>\n");
        return sb.toString();
    }

    /** Escapes XML text and attributes; drops characters XML 1.0 cannot carry. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
