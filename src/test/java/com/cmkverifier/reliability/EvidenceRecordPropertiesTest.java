package com.cmkverifier.reliability;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.evidence.offline.auditlog.OfflineAuditLogSource;
import com.cmkverifier.evidence.offline.auditlog.ReadProgress;
import com.cmkverifier.evidence.offline.keys.OfflineKeyMetadataSource;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline readers fed valid records mutated at random: every line is either a record or a counted skip,
 * nothing is thrown, and a line-level problem never makes the file an incomplete source.
 */
class EvidenceRecordPropertiesTest {

    private static final String KEY_BUNDLE = "{\"key\":{\"kid\":\"https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/"
            + "0123456789abcdef0123456789abcdef\",\"kty\":\"RSA\",\"key_ops\":[\"wrapKey\",\"unwrapKey\"],\"n\":\"xQAB\","
            + "\"e\":\"AQAB\"},\"attributes\":{\"enabled\":true,\"nbf\":1700000000,\"exp\":1900000000,\"created\":"
            + "1700000000,\"updated\":1700000000,\"recoveryLevel\":\"Recoverable\"}}";

    @Property(tries = 300)
    void everyMutatedLineIsARecordOrACountedSkip(@ForAll @Size(min = 1, max = 20) List<@From("mutatedLines") String> mutated) {
        List<String> lines = new ArrayList<>();
        lines.add(HostileEvidenceFilesTest.GOOD_LINE);
        lines.addAll(mutated);
        long nonBlank = lines.stream().filter(l -> !l.isBlank()).count();

        AuditActivity a = readLines(lines);

        InputStats in = a.inputs();
        assertEquals(nonBlank, in.records() + in.skipped(), in::toString);
        assertTrue(a.issues().isEmpty(), a.issues()::toString);
    }

    @Property(tries = 300)
    void aMutatedKeyBundleIsReadOrSkippedNeverThrown(@ForAll("mutatedBundles") String bundle) {
        Path dir = tempDir();
        try {
            Files.writeString(dir.resolve("key.json"), bundle);

            InputStats in = OfflineKeyMetadataSource.read(List.of(dir)).stats();

            assertEquals(1, in.files());
            if (!isJson(bundle)) {
                assertTrue(in.skipped() >= 1, "invalid JSON is reported: " + in);
                assertTrue(in.skippedDetails().stream().allMatch(d -> d.file().endsWith("key.json")), in::toString);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static boolean isJson(String text) {
        try {
            new ObjectMapper().readTree(text);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static AuditActivity readLines(List<String> lines) {
        Path dir = tempDir();
        try {
            Path file = Files.write(dir.resolve("PT1H.json"),
                    String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            return new OfflineAuditLogSource(List.of(file), ReadProgress.NONE).readAll(HostileEvidenceFilesTest.WINDOW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("evidence-property");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mutations that keep a line one line: no line breaks are introduced. */
    private static Arbitrary<String> mutated(String valid) {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(3).map(s -> s.replaceAll("[\r\n]", "")),
                Arbitraries.of("{", "}", "[", "]", "\"", ",", ":", "null", "1e999", "-1", "\"\"", "{}", "[]",
                        "\\u0000", "\u00e9", "\"records\":[", "\"time\":\"x\"", "\"httpStatusCode\":\"OK\""));
        return Combinators.combine(Arbitraries.integers().between(0, valid.length()),
                Arbitraries.integers().between(0, 12), piece).as((at, cut, p) -> {
                    int end = Math.min(valid.length(), at + cut);
                    return valid.substring(0, at) + p + valid.substring(end);
                });
    }

    @Provide
    Arbitrary<String> mutatedLines() {
        return mutated(HostileEvidenceFilesTest.GOOD_LINE);
    }

    @Provide
    Arbitrary<String> mutatedBundles() {
        return mutated(KEY_BUNDLE);
    }
}
