package com.cmkverifier.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The deployment and integration artefacts in the working tree (Maven runs tests from the project root). */
final class DeploymentFiles {

    static final Path INFRA = Path.of("infra");
    static final Path INTEGRATIONS = Path.of("integrations");
    static final Path MAIN_BICEP = INFRA.resolve("main.bicep");
    static final Path API_BICEP = INFRA.resolve("app/api.bicep");

    private DeploymentFiles() {
    }

    /** Every Bicep file the project ships: the deployment and the monitor integration. */
    static List<Path> bicepFiles() {
        return Stream.concat(under(INFRA, ".bicep").stream(), under(INTEGRATIONS, ".bicep").stream()).toList();
    }

    static List<Path> under(Path dir, String suffix) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
