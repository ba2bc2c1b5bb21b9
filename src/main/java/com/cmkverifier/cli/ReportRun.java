package com.cmkverifier.cli;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.core.verdict.VerificationService;
import picocli.CommandLine;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/** The part every verifying command shares: open the evidence, verify, write the report, pick the exit code. */
final class ReportRun {

    private ReportRun() {
    }

    static int run(Registry registry, List<ProtectedResource> targets, Window window, Instant at,
                   EvidenceOptions evidence, OutputOptions output, CommandLine cli) {
        return run(registry, targets, window, at, evidence, output, cli, UnaryOperator.identity());
    }

    /** @param displayPath how input file names appear in the report */
    static int run(Registry registry, List<ProtectedResource> targets, Window window, Instant at,
                   EvidenceOptions evidence, OutputOptions output, CommandLine cli, UnaryOperator<String> displayPath) {
        EvidenceOptions.Sources sources = evidence.open(cli.getErr(), targets);
        VerificationService service = new VerificationService(sources.logs(), sources.keys(), output.settings(),
                sources.configuration());
        VerificationReport report = sources.withKeyInputs(service.verify(registry, targets, window, at), displayPath);
        output.write(report, cli.getOut());
        return ExitCode.of(report);
    }
}
