package com.cmkverifier.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mistakes a person makes on a first run: each is exit 2 and exactly one line on stderr, naming what to fix. */
class UsageErrorsTest {

    private static final String REGISTRY = "samples/lab/registry.json";
    private static final String LOGS = "samples/lab/logs";
    private static final String KEYS = "samples/lab/keys";

    private record Run(int exit, String out, String err) {
    }

    private static Run cmkv(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cmkv.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Exit 2, nothing on stdout, one line on stderr that starts with "cmkv: " and contains every hint. */
    private static void oneLine(Run run, String... hints) {
        List<String> lines = run.err().lines().toList();
        assertAll(
                () -> assertEquals(2, run.exit(), run.err()),
                () -> assertEquals("", run.out()),
                () -> assertEquals(1, lines.size(), run.err()),
                () -> assertTrue(run.err().startsWith("cmkv: "), run.err()),
                () -> assertFalse(run.err().contains("registry: registry:"), run.err()));
        for (String hint : hints) {
            assertTrue(run.err().contains(hint), "'" + hint + "' missing from: " + run.err());
        }
    }

    @Test
    void picocliUsageErrorsAreOneLineThatPointsToTheCommandsHelp() {
        oneLine(cmkv("sweep", "--registry", REGISTRY, "--logs", LOGS, "--format", "nonsense"),
                "--format", "nonsense", "table, json, junit", "'cmkv sweep --help'");
        oneLine(cmkv("demo", "--format", "nonsense"), "'cmkv demo --help'");
        oneLine(cmkv("activity", "--logs", LOGS, "--format", "xml"), "csv", "'cmkv activity --help'");
        oneLine(cmkv("verify", "--registry", REGISTRY, "--logs", LOGS), "--resource", "'cmkv verify --help'");
        oneLine(cmkv("sweep", "--registry", REGISTRY, "--frobnicate"), "--frobnicate");
        oneLine(cmkv("bogus"), "bogus", "'cmkv --help'");
        oneLine(cmkv(), "subcommand", "'cmkv --help'");
    }

    @Test
    void eachSubcommandsHelpGivesItsExitCodes() {
        for (String command : List.of("verify", "sweep", "demo", "activity")) {
            Run help = cmkv(command, "--help");
            assertEquals(0, help.exit(), help.err());
            String text = help.out().replaceAll("\\s+", " ");
            assertTrue(text.contains("Exit codes: 0 "), command + ": " + help.out());
            assertTrue(text.contains(" 2 usage"), command + ": " + help.out());
        }
    }

    @Test
    void aMissingRegistryFileSaysRegistryOnceAndNamesTheFile() {
        oneLine(cmkv("sweep", "--registry", "no-such-registry.json", "--logs", LOGS, "--keys", KEYS),
                "cmkv: registry: file not found: no-such-registry.json");
    }

    @Test
    void aDirectoryGivenAsRegistryIsNamed(@TempDir Path dir) {
        oneLine(cmkv("sweep", "--registry", dir.toString(), "--logs", LOGS), dir + " is a directory");
    }

    @Test
    void anEntryWithAKeyOffKeyVaultNamesItsIndexAndField(@TempDir Path dir) throws Exception {
        Path registry = dir.resolve("registry.json");
        Files.writeString(registry, Files.readString(Path.of(REGISTRY))
                .replace("kv-cmk-prod.vault.azure.net", "example.com"));
        oneLine(cmkv("sweep", "--registry", registry.toString(), "--logs", LOGS, "--keys", KEYS),
                "cmkv: registry: resources[0].key: host 'example.com'");
    }

    @Test
    void anEmptyRegistryIsNoPass(@TempDir Path dir) throws Exception {
        Path registry = Files.writeString(dir.resolve("registry.json"), "{\"resources\": []}");
        oneLine(cmkv("sweep", "--registry", registry.toString(), "--logs", LOGS, "--keys", KEYS),
                registry + " lists no resources");
    }

    @Test
    void badTimesDurationsAndPathsNameTheirOption() {
        oneLine(cmkv("sweep", "--registry", REGISTRY, "--logs", LOGS, "--keys", KEYS, "--at", "yesterday"),
                "--at", "yesterday");
        // A local time is ambiguous: the message asks for the zone rather than calling it "not ISO-8601" only.
        oneLine(cmkv("demo", "--at", "2026-11-20T06:00:00"), "--at", "with its zone", "2026-11-20T06:00:00Z");
        oneLine(cmkv("sweep", "--registry", REGISTRY, "--logs", LOGS, "--keys", KEYS, "--window", "1d"),
                "--window", "1d", "P1D");
        oneLine(cmkv("sweep", "--registry", REGISTRY, "--logs", "/no/such/logs", "--keys", KEYS),
                "--logs", "/no/such/logs");
    }

    @Test
    void anOutputUnderAFileSaysWhyItCannotBeWritten(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        oneLine(cmkv("demo", "--output", file.resolve("report.txt").toString()),
                "--output", file + " exists and is not a folder");
        // Linux refuses any new folder under /proc with ENOENT: the JDK says only the path, the CLI says why.
        oneLine(cmkv("demo", "--output", "/proc/cmkv-no-such-folder/report.txt"),
                "/proc/cmkv-no-such-folder does not exist and cannot be created");
    }
}
