package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.AuditActivity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.groups;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FileSplitPropertyTest {

    private static final String RID = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG-KEYS"
            + "/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-CMK-PROD";

    @Property(tries = 40)
    void splittingRecordsAcrossFilesInAnyOrderAndLayoutGivesTheSameActivity(
            @ForAll("records") List<String> records, @ForAll Random random) throws IOException {
        Path dir = Files.createTempDirectory("split");
        try {
            AuditActivity whole = readAll(write(dir.resolve("whole.json"), String.join("\n", records), false));
            Path parts = Files.createDirectory(dir.resolve("parts"));
            List<String> shuffled = new ArrayList<>(records);
            Collections.shuffle(shuffled, random);
            int files = 1 + random.nextInt(4);
            for (int f = 0; f < files; f++) {
                List<String> part = shuffled.subList(f * shuffled.size() / files, (f + 1) * shuffled.size() / files);
                write(parts.resolve(Integer.toHexString(random.nextInt()) + ".log"), layout(part, random.nextInt(3)),
                        random.nextBoolean());
            }
            AuditActivity split = readAll(parts);
            assertEquals(groups(whole), groups(split));
            assertEquals(whole.vaultsWithRecords(), split.vaultsWithRecords());
            assertEquals(whole.inputs().records(), split.inputs().records());
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<List<String>> records() {
        Arbitrary<String> record = Combinators.combine(
                Arbitraries.of("stg-cmk", "sql-tde"),
                Arbitraries.of("/0123456789abcdef0123456789abcdef", "/fedcba9876543210fedcba9876543210", ""),
                Arbitraries.of("KeyUnwrap", "KeyWrap", "KeyGet"),
                Arbitraries.of(200, 403),
                Arbitraries.of("11111111-1111-1111-1111-111111111111", "55555555-5555-5555-5555-555555555555"),
                Arbitraries.integers().between(0, 86_399)
        ).as((key, version, op, status, oid, second) -> String.format(
                "{\"time\":\"%s\",\"resourceId\":\"%s\",\"operationName\":\"%s\",\"identity\":{\"claim\":{\"oid\":\"%s\"}},"
                        + "\"properties\":{\"id\":\"https://kv-cmk-prod.vault.azure.net/keys/%s%s\",\"httpStatusCode\":%d}}",
                Instant.parse("2024-05-14T00:00:00Z").plusSeconds(second), RID, op, oid, key, version, status));
        return record.list().ofMinSize(1).ofMaxSize(40);
    }

    /** 0: JSON Lines, 1: {"records":[...]}, 2: a top-level array. */
    private static String layout(List<String> records, int layout) {
        return switch (layout) {
            case 0 -> String.join("\n", records);
            case 1 -> "{\"records\":[" + String.join(",\n", records) + "]}";
            default -> "[\n" + String.join(",\n", records) + "\n]";
        };
    }

    private static Path write(Path file, String content, boolean gzip) {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
