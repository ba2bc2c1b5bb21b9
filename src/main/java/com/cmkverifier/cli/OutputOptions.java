package com.cmkverifier.cli;

import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.output.HtmlReport;
import com.cmkverifier.output.JsonReport;
import com.cmkverifier.output.JunitReport;
import com.cmkverifier.output.MarkdownReport;
import com.cmkverifier.output.TableReport;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Evaluation time, window, rule tunables and the report format, shared by every command. */
final class OutputOptions {

    enum Format { table, json, junit, markdown, html }

    @Option(names = "--at", order = 20, paramLabel = "TIME", description = "Evaluation time (ISO-8601; default now, for demo the lab's own time).")
    String at;

    @Option(names = "--window", order = 21, paramLabel = "DURATION", description = "Window length before --at (ISO-8601; default P1D, for demo the lab's window).")
    String window;

    @Option(names = "--format", order = 22, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json, junit, markdown or html (default table).")
    Format format;

    @Option(names = "--output", order = 23, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--summary", order = 26, paramLabel = "FILE",
            description = "Also write the Markdown summary to FILE (for $GITHUB_STEP_SUMMARY or an Azure DevOps summary).")
    Path summary;

    @Option(names = "--expiry-horizon", order = 24, paramLabel = "DURATION", defaultValue = "P30D",
            description = "KEY_EXPIRING horizon (default P30D).")
    String expiryHorizon;

    @Option(names = "--rotation-grace", order = 25, paramLabel = "DURATION", defaultValue = "PT24H",
            description = "STALE_KEY_VERSION grace after a new version (default PT24H).")
    String rotationGrace;

    Instant evaluationTime(Instant fallback) {
        return at == null ? fallback : TimeArguments.instant("--at", at);
    }

    Duration windowLength(Duration fallback) {
        return window == null ? fallback : TimeArguments.duration("--window", window);
    }

    VerificationSettings settings() {
        return new VerificationSettings(TimeArguments.duration("--expiry-horizon", expiryHorizon),
                TimeArguments.duration("--rotation-grace", rotationGrace));
    }

    void write(VerificationReport report, PrintWriter stdout) {
        String text = switch (format) {
            case json -> JsonReport.write(report);
            case junit -> JunitReport.write(report);
            case markdown -> MarkdownReport.write(report);
            case html -> HtmlReport.write(report);
            case table -> TableReport.write(report, output == null && Terminal.isInteractive());
        };
        ReportFile.write(text, output, stdout);
        if (summary != null) {
            ReportFile.write(MarkdownReport.write(report), summary, stdout);
        }
    }
}
