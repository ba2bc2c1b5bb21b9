package com.cmkverifier.cli;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** What {@code verify} and {@code sweep} share: a registry file, evidence options and output options. */
abstract class RegistryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", order = 1, paramLabel = "FILE", required = true, description = "Registry file (JSON).")
    Path registry;

    @Mixin
    EvidenceOptions evidence;

    @Mixin
    OutputOptions output;

    int report(Registry reg, List<ProtectedResource> targets, Window window, Instant at) {
        return ReportRun.run(reg, targets, window, at, evidence, output, spec.commandLine());
    }
}
