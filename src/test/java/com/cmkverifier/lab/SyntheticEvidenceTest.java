package com.cmkverifier.lab;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.registry.RegistryReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticEvidenceTest {

    private static final long SIZE = 2_000_000;
    private static final int RESOURCES = 60;
    private static final int VAULTS = 3;

    @TempDir
    static Path out;
    private static final ByteArrayOutputStream PROGRESS = new ByteArrayOutputStream();

    @BeforeAll
    static void writeSyntheticEvidence() throws IOException {
        new SyntheticEvidence(new SyntheticEvidence.Settings(SIZE, RESOURCES, VAULTS, 7), new PrintStream(PROGRESS))
                .write(out);
    }

    private static List<Path> files(String under) throws IOException {
        try (Stream<Path> walk = Files.walk(out.resolve(under))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void writesAboutTheRequestedNumberOfBytesOfAuditLogs() throws IOException {
        long bytes = 0;
        for (Path p : files("logs")) {
            bytes += Files.size(p);
        }
        assertTrue(bytes >= SIZE && bytes < SIZE * 1.05, "wrote " + bytes + " bytes");
    }

    @Test
    void writesOneBlobPerVaultAndHourAndOneKeyFilePerVault() throws IOException {
        assertEquals(VAULTS * SyntheticEvidence.HOURS, files("logs").size());
        assertTrue(files("logs").stream().allMatch(p -> p.getFileName().toString().equals("PT1H.json")));
        assertEquals(VAULTS, files("keys").size());
        assertTrue(Files.isRegularFile(out.resolve("registry.json")) && Files.isRegularFile(out.resolve("lab.json")));
    }

    @Test
    void everyRegistryEntryNamesAValidKeyUrl() throws IOException {
        JsonNode resources = new ObjectMapper().readTree(out.resolve("registry.json").toFile()).get("resources");

        assertEquals(RESOURCES, resources.size());
        resources.forEach(r -> assertDoesNotThrow(() -> KeyReference.parse(r.get("key").asText())));
    }

    @Test
    void theRegistryPassesTheRegistryReadersValidation() {
        assertEquals(RESOURCES, RegistryReader.read(out.resolve("registry.json")).size());
    }

    @Test
    void everyRegisteredKeyHasItsMetadataExported() throws IOException {
        List<String> kids = new ArrayList<>();
        for (Path p : files("keys")) {
            new ObjectMapper().readTree(p.toFile()).forEach(bundle -> kids.add(bundle.at("/key/kid").asText()));
        }
        assertEquals(RESOURCES, kids.size());
        assertTrue(kids.stream().allMatch(k -> KeyReference.parse(k).isPinned()));
    }

    @Test
    void everyBlobLineIsOneArchiveRecord() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (Path p : files("logs")) {
            for (String line : Files.readAllLines(p)) {
                JsonNode record = json.readTree(line);
                assertEquals("AuditEvent", record.get("category").asText());
                assertTrue(record.at("/properties/httpStatusCode").isInt());
            }
        }
    }

    @Test
    void reportsProgressOncePerHour() {
        assertEquals(SyntheticEvidence.HOURS, PROGRESS.toString().lines().count());
    }
}
