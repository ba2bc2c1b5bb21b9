package com.cmkverifier.lab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs in {@code verify}, after {@code package} built the CLI jar and staged the Functions app: the lab generator
 * lives in the test sources and ships in neither, while the generated sample lab it wrote does ship.
 */
class ShippedArtefactsCheck {

    private static final Path CLI_JAR = Path.of("target/cmk-verifier-cli.jar");
    private static final Path STAGED = Path.of("target/azure-functions/cmk-verifier");
    private static final String GENERATOR_PACKAGE = "com/cmkverifier/lab/";

    /**
     * A file of the generator's package; an empty folder entry is not one (a build tree compiled before the
     * generator moved to the test sources keeps the empty folder until {@code mvn clean}).
     */
    private static boolean generatorFile(String entry) {
        return entry.startsWith(GENERATOR_PACKAGE) && !entry.endsWith("/");
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.stream().map(e -> e.getName()).toList();
        }
    }

    private static List<Path> stagedJars() throws IOException {
        try (Stream<Path> files = Files.walk(STAGED)) {
            return files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
    }

    @Test
    void theCliJarHoldsTheSampleLabButNoGeneratorClass() throws IOException {
        List<String> entries = entries(CLI_JAR);

        assertTrue(entries.contains("com/cmkverifier/cli/Cmkv.class"), "not the CLI jar: " + CLI_JAR);
        assertTrue(entries.contains("lab/lab.json") && entries.contains("lab/registry.json"),
                "the bundled sample lab is missing from " + CLI_JAR);
        assertEquals(List.of(), entries.stream().filter(ShippedArtefactsCheck::generatorFile).toList());
    }

    /** {@code cmkv --version} reads Implementation-Version; without it a release says "development build". */
    @Test
    void theCliJarNamesItsVersion() throws IOException {
        try (JarFile f = new JarFile(CLI_JAR.toFile())) {
            String version = f.getManifest().getMainAttributes().getValue("Implementation-Version");
            assertNotNull(version, "no Implementation-Version in the manifest of " + CLI_JAR);
            assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
        }
    }

    @Test
    void noJarOfTheStagedFunctionsAppHoldsAGeneratorClass() throws IOException {
        List<String> classes = new ArrayList<>();
        List<String> generator = new ArrayList<>();
        for (Path jar : stagedJars()) {
            for (String e : entries(jar)) {
                if (e.startsWith("com/cmkverifier/")) {
                    classes.add(e);
                }
                if (generatorFile(e)) {
                    generator.add(jar.getFileName() + "!" + e);
                }
            }
        }

        assertTrue(classes.stream().anyMatch(e -> e.startsWith("com/cmkverifier/core/")),
                "the app's own jar is not staged in " + STAGED);
        assertEquals(List.of(), generator);
    }
}
