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
        Registry reg = RegistryReader.read(registry);
        // An empty sweep would exit 0 like a pass: a pipeline gate must not pass on nothing.
        if (reg.resources().isEmpty()) {
            throw new UsageException("--registry: " + registry + " lists no resources: nothing to verify");
        }
        Instant at = output.evaluationTime(Instant.now());
        // The window ends the ingestion lag before the evaluation: its last records have arrived (spec section 14).
        return report(reg, reg.resources(), Window.ending(EvidenceHorizon.sweepWindowEnd(at),
                output.windowLength(Window.DEFAULT_LENGTH)), at);
    }
}
