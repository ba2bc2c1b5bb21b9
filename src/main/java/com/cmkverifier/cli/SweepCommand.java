package com.cmkverifier.cli;

import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.EvidenceHorizon;
import com.cmkverifier.registry.RegistryReader;
import picocli.CommandLine.Command;

import java.time.Instant;

/** {@code cmkv sweep}: every registered resource, as the nightly timer does. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", Cmkv.EXIT_CODES},
        description = "Verify every registered resource.")
final class SweepCommand extends RegistryCommand {

    @Override
    public Integer call() {
        Instant at = output.evaluationTime(Instant.now());
        // The window ends the ingestion lag before the evaluation: its last records have arrived (spec section 14).
        Window window = Window.ending(EvidenceHorizon.sweepWindowEnd(at), output.windowLength(Window.DEFAULT_LENGTH));
        // A sweep reads every registered key's activity: the reading need not wait for the registry.
        evidence.startReading(spec.commandLine().getErr(), window);
        Registry reg = RegistryReader.read(registry);
        // An empty sweep would exit 0 like a pass: a pipeline gate must not pass on nothing.
        if (reg.resources().isEmpty()) {
            throw new UsageException("--registry: " + registry + " lists no resources: nothing to verify");
        }
        return report(reg, reg.resources(), window, at);
    }
}
