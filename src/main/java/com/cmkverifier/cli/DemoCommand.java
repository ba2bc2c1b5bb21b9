package com.cmkverifier.cli;

import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.registry.RegistryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code cmkv demo}: the sweep on the bundled sample lab, at the lab's own evaluation time. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", Cmkv.EXIT_CODES},
        description = "Sweep the bundled sample lab at its own evaluation time.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        try (BundledLab lab = BundledLab.unpack()) {
            Registry reg = RegistryReader.read(lab.registry());
            Instant at = output.evaluationTime(lab.evaluationTime());
            Window window = Window.ending(at, output.windowLength(lab.window()));
            EvidenceOptions evidence = EvidenceOptions.offline(lab.logs(), lab.keys(), lab.resources());
            return ReportRun.run(reg, reg.resources(), window, at, evidence, output, spec.commandLine(),
                    lab::displayPath);
        }
    }
}
