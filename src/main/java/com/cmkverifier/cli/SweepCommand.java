package com.cmkverifier.cli;

import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.registry.RegistryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code cmkv sweep}: every registered resource, as the nightly timer does. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify every registered resource.")
final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", paramLabel = "FILE", required = true, description = "Registry file (JSON).")
    Path registry;

    @Mixin
    EvidenceOptions evidence;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Registry reg = RegistryReader.read(registry);
        Instant at = output.evaluationTime(Instant.now());
        Window window = Window.ending(at, output.windowLength(Window.DEFAULT_LENGTH));
        return ReportRun.run(reg, reg.resources(), window, at, evidence, output, spec.commandLine());
    }
}
