package com.cmkverifier.cli;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.registry.RegistryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** {@code cmkv verify}: one registered resource, e.g. right after a change ({@code --since}). */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", Cmkv.EXIT_CODES},
        description = "Verify one registered resource.")
final class VerifyCommand extends RegistryCommand {

    @Option(names = "--resource", order = 2, paramLabel = "NAME", required = true, description = "Registered resource name.")
    String resource;

    @Option(names = "--since", order = 3, paramLabel = "TIME", description = "Window start, e.g. the change time (instead of --window).")
    String since;

    @Override
    public Integer call() {
        Registry reg = RegistryReader.read(registry);
        ProtectedResource target = reg.find(resource).orElseThrow(() -> new UsageException(
                "--resource: no resource named '" + resource + "' in " + registry + " (registered: "
                        + reg.resources().stream().map(ProtectedResource::name).limit(20)
                        .collect(Collectors.joining(", ")) + ")"));
        Instant at = output.evaluationTime(Instant.now());
        Window window;
        if (since != null) {
            if (output.window != null) {
                throw new UsageException("--since and --window exclude each other");
            }
            Instant from = TimeArguments.instant("--since", since);
            if (from.isAfter(at)) {
                throw new UsageException("--since: " + from + " is after the evaluation time " + at);
            }
            window = new Window(from, at);
        } else {
            window = Window.ending(at, output.windowLength(Window.DEFAULT_LENGTH));
        }
        return report(reg, List.of(target), window, at);
    }
}
