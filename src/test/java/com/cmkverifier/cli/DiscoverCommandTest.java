package com.cmkverifier.cli;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.registry.RegistryReader;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cmkv discover} and {@code --resources} on the sample lab's Azure export, as a new user runs them. */
class DiscoverCommandTest {

    private static final Path LAB = Path.of("samples/lab");
    private static final String RESOURCES = "samples/lab/resources";

    @Test
    void discoverOnTheLabExportWritesARegistryOfItsSevenArmResources(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("registry.json");
        CliEndToEndTest.Run run = CliEndToEndTest.cmkv("discover", "--resources", RESOURCES, "--output", out.toString(),
                "--format", "json");
        assertEquals(0, run.exit(), run.err());
        JsonNode report = run.json();
        assertEquals(7, report.path("summary").path("added").asInt());
        Registry discovered = RegistryReader.read(out);
        Registry lab = RegistryReader.read(LAB.resolve("registry.json"));
        for (ProtectedResource d : discovered.resources()) {
            ProtectedResource l = lab.find(d.name()).orElseThrow();
            assertEquals(l.key(), d.key(), d.name());
            assertEquals(l.principalId(), d.principalId(), d.name());
            assertEquals(l.type(), d.type(), d.name());
        }
        assertEquals(lab.find("stcmkdata").orElseThrow().workspaceId(), discovered.find("stcmkdata").orElseThrow().workspaceId());
        assertTrue(report.path("notes").toString().contains("kv-cmk-logs"), "the unrouted vault is named");
    }

    @Test
    void discoverIntoTheLabRegistryKeepsEveryHandWrittenEntry(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("registry.json");
        CliEndToEndTest.Run run = CliEndToEndTest.cmkv("discover", "--resources", RESOURCES, "--registry",
                LAB.resolve("registry.json").toString(), "--output", out.toString(), "--format", "json");
        assertEquals(0, run.exit(), run.err());
        assertEquals(8, run.json().path("summary").path("kept").asInt());
        assertEquals(0, run.json().path("summary").path("added").asInt());
        assertEquals(RegistryReader.read(LAB.resolve("registry.json")).resources(), RegistryReader.read(out).resources());
    }

    @Test
    void verifyWithResourcesShowsConfigurationBesideEvidence(@TempDir Path dir) throws Exception {
        Path registry = dir.resolve("registry.json");
        // The registry names an older key than the one Azure shows configured for stcmkdata.
        Files.writeString(registry, Files.readString(LAB.resolve("registry.json"))
                .replace("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk\"", "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk-old\""));
        CliEndToEndTest.Run run = CliEndToEndTest.cmkv("verify", "--registry", registry.toString(), "--resource",
                "stcmkdata", "--logs", "samples/lab/logs", "--keys", "samples/lab/keys", "--resources", RESOURCES,
                "--at", "2026-11-20T06:00:00Z", "--format", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode findings = run.json().path("results").get(0).path("findings");
        assertTrue(findings.toString().contains("KEY_MISMATCH"), findings.toString());
    }

    @Test
    void resourcesAndLiveExcludeEachOtherWithOneLineAndExitTwo() {
        CliEndToEndTest.Run both = CliEndToEndTest.cmkv("discover", "--resources", RESOURCES, "--live", "--output", "x.json");
        assertEquals(2, both.exit());
        assertEquals(1, both.err().strip().lines().count(), both.err());
        CliEndToEndTest.Run neither = CliEndToEndTest.cmkv("discover", "--output", "x.json");
        assertEquals(2, neither.exit());
        assertFalse(Files.exists(Path.of("x.json")));
        CliEndToEndTest.Run badScope = CliEndToEndTest.cmkv("discover", "--live", "--scope", "not-a-scope", "--output",
                "x.json");
        assertEquals(2, badScope.exit());
        assertTrue(badScope.err().contains("--scope"), badScope.err());
        assertFalse(badScope.err().contains("at com."), "no stack trace");
    }

    @Test
    void unreadableRowsAreReportedAndSkipped(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"data\": [{\"name\": \"no id\"}, {\"id\": \"/subscriptions/x/resourceGroups/r/providers/"
                + "Microsoft.Storage/storageAccounts/st1\", \"name\": \"st1\", \"type\": \"Microsoft.Storage/storageAccounts\","
                + " \"properties\": {\"encryption\": {\"keySource\": \"Microsoft.Keyvault\", \"keyvaultproperties\": "
                + "{\"keyvaulturi\": \"https://example.com\", \"keyname\": \"k\"}}}}]}");
        CliEndToEndTest.Run run = CliEndToEndTest.cmkv("discover", "--resources", bad.toString(), "--output",
                dir.resolve("out.json").toString(), "--format", "json");
        assertEquals(0, run.exit(), run.err());
        JsonNode skipped = run.json().path("skipped");
        assertEquals(2, skipped.size(), skipped.toString());
        assertTrue(skipped.toString().contains("not a Key Vault"), skipped.toString());
        assertEquals(0, RegistryReader.read(dir.resolve("out.json")).size());
    }

}
