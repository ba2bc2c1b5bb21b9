package com.cmkverifier.reliability;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.activity.SkippedInput;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.evidence.offline.auditlog.OfflineAuditLogSource;
import com.cmkverifier.evidence.offline.auditlog.ReadProgress;
import com.cmkverifier.evidence.offline.keys.OfflineKeyMetadataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evidence files that are broken in every way we could think of are skipped and counted with file and line;
 * nothing is thrown, the good records beside them still count, and nothing broken counts as evidence.
 */
class HostileEvidenceFilesTest {

    static final Window WINDOW = Window.ending(Instant.parse("2024-05-15T00:00:00Z"), Duration.ofDays(2));
    static final KeyId KEY = new KeyId("kv-cmk-prod.vault.azure.net", "stg-cmk");
    /** One valid archive record of a successful unwrap, as Key Vault writes it to a blob. */
    static final String GOOD_LINE = "{\"time\":\"2024-05-14T12:00:00.1234567Z\",\"resourceId\":\"/SUBSCRIPTIONS/"
            + "00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG-KEYS/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
            + "KV-CMK-PROD\",\"operationName\":\"KeyUnwrap\",\"category\":\"AuditEvent\",\"resultSignature\":\"OK\","
            + "\"identity\":{\"claim\":{\"oid\":\"11111111-1111-1111-1111-111111111111\"}},\"properties\":{\"id\":"
            + "\"https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/0123456789abcdef0123456789abcdef\","
            + "\"httpStatusCode\":200}}";
    static final String AZKV_HEADER = "TimeGenerated,OperationName,ResultSignature,Identity,Id,HttpStatusCode,"
            + "_ResourceId";
    static final String AZKV_ROW = "2024-05-14T12:00:00Z,KeyUnwrap,OK,\"{\"\"claim\"\":{\"\"oid\"\":\"\"11111111-"
            + "1111-1111-1111-111111111111\"\"}}\",https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/0123456789abcdef"
            + "0123456789abcdef,200,/SUBSCRIPTIONS/0/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-CMK-PROD";
    private static final int FIFTY_MB = 50 * 1024 * 1024;

    @TempDir
    Path dir;

    private AuditActivity read(Path file) {
        return new OfflineAuditLogSource(List.of(file), ReadProgress.NONE).readAll(WINDOW);
    }

    private static SkippedInput onlySkip(InputStats in) {
        assertEquals(1, in.skipped(), in::toString);
        return in.skippedDetails().get(0);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path lines(String name, String... lines) throws IOException {
        return write(name, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void randomBytesAreSkippedAsAnUnknownFormatNamingTheFile() throws IOException {
        byte[] noise = new byte[256 * 1024];
        new Random(6).nextBytes(noise);
        Path file = write("noise.bin", noise);

        AuditActivity a = read(file);

        assertEquals(0, a.inputs().records());
        SkippedInput s = onlySkip(a.inputs());
        assertEquals(file.toString(), s.file());
        assertTrue(s.reason().contains("not a recognised audit log format"), s.reason());
    }

    @Test
    void aTruncatedGzipKeepsTheRecordsBeforeTheCutAndMarksTheVaultIncomplete() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < 2000; i++) {
                gz.write((GOOD_LINE + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = zipped.toByteArray();
        Path file = write("resourceId=/SUBSCRIPTIONS/0/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
                .replace('/', '_') + "PT1H.json.gz", Arrays.copyOf(whole, whole.length / 2));

        AuditActivity a = read(file);

        assertTrue(a.inputs().records() > 0 && a.inputs().records() < 2000, a.inputs()::toString);
        assertTrue(onlySkip(a.inputs()).reason().startsWith("rest of the file unreadable"), a.inputs()::toString);
        assertEquals(1, a.issues().size(), "a partly read file is an incomplete source, never a complete one");
    }

    @Test
    void aFiftyMegabyteLineIsSkippedAsOverlongWithoutBeingParsed() throws IOException {
        Path file = dir.resolve("huge.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"time\":\"2024-05-14T12:00:00Z\",\"padding\":\"".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < FIFTY_MB / chunk.length; i++) {
                out.write(chunk);
            }
            out.write(("\"}\n" + GOOD_LINE + "\n").getBytes(StandardCharsets.UTF_8));
        }

        AuditActivity a = read(file);

        SkippedInput s = onlySkip(a.inputs());
        assertEquals(1, s.line());
        assertTrue(s.reason().startsWith("line longer than"), s.reason());
        assertEquals(1, a.inputs().records(), "the record after the overlong line still counts");
        assertEquals(1, a.groupsFor(KEY).size());
    }

    @Test
    void jsonNestedTenThousandDeepIsSkippedWithItsLine() throws IOException {
        String deep = "{\"time\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        Path file = lines("deep.json", GOOD_LINE, deep, GOOD_LINE);

        AuditActivity a = read(file);

        SkippedInput s = onlySkip(a.inputs());
        assertEquals(2, s.line());
        assertTrue(s.reason().contains("nesting depth"), s.reason());
        assertEquals(2, a.inputs().records());
    }

    @Test
    void aDocumentNestedTenThousandDeepEndsTheFileAsIncompleteWithoutOverflowingTheStack() throws IOException {
        Path file = write("deep-array.json", ("[" + "[".repeat(10_000) + "]".repeat(10_000) + "]")
                .getBytes(StandardCharsets.UTF_8));

        AuditActivity a = read(file);

        assertTrue(onlySkip(a.inputs()).reason().contains("nesting depth"), a.inputs()::toString);
        assertEquals(1, a.issues().size());
    }

    @Test
    void utf16IsSkippedAsAnUnknownFormat() throws IOException {
        Path file = write("utf16.json", ("\uFEFF" + GOOD_LINE + "\n").getBytes(StandardCharsets.UTF_16LE));

        AuditActivity a = read(file);

        assertEquals(0, a.inputs().records());
        assertTrue(onlySkip(a.inputs()).reason().contains("not a recognised audit log format"));
    }

    @Test
    void aLatin1LineIsSkippedAndItsNeighboursStillCount() throws IOException {
        byte[] latin1 = GOOD_LINE.replace("\"OK\"", "\"Op\u00e9ration r\u00e9ussie\"").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((GOOD_LINE + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes(latin1);
        file.writeBytes(("\n" + GOOD_LINE + "\n").getBytes(StandardCharsets.UTF_8));

        AuditActivity a = read(write("latin1.json", file.toByteArray()));

        SkippedInput s = onlySkip(a.inputs());
        assertEquals(2, s.line());
        assertTrue(s.reason().contains("UTF-8"), s.reason());
        assertEquals(2, a.inputs().records());
    }

    @Test
    void aLatin1CsvEndsAsAnIncompleteSourceNotAsACrash() throws IOException {
        byte[] csv = (AZKV_HEADER + "\n" + AZKV_ROW.replace(",OK,", ",r\u00e9ussi,") + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        AuditActivity a = read(write("latin1.csv", csv));

        assertTrue(onlySkip(a.inputs()).reason().startsWith("rest of the file unreadable"), a.inputs()::toString);
        assertEquals(0, a.inputs().records());
        assertEquals(1, a.issues().size(), "an unreadable export is an incomplete source, never a silent one");
    }

    @Test
    void aCsvWithoutTheTimeColumnIsSkippedAsAnUnrecognisedExport() throws IOException {
        Path file = lines("no-time.csv", "OperationName,ResultSignature,Id,HttpStatusCode",
                "KeyUnwrap,OK,https://kv-cmk-prod.vault.azure.net/keys/stg-cmk,200");

        AuditActivity a = read(file);

        assertEquals(0, a.inputs().records());
        assertTrue(onlySkip(a.inputs()).reason().contains("not a recognised audit log format"));
    }

    @Test
    void csvRowsWithoutAnOperationAreEachSkippedWithTheirLine() throws IOException {
        Path file = lines("no-operation.csv", AZKV_HEADER, AZKV_ROW.replace(",KeyUnwrap,", ",,"),
                AZKV_ROW.replace(",KeyUnwrap,", ",,"));

        AuditActivity a = read(file);

        assertEquals(0, a.inputs().records());
        assertEquals(List.of(2L, 3L), a.inputs().skippedDetails().stream().map(SkippedInput::line).toList());
        assertTrue(a.inputs().skippedDetails().get(0).reason().contains("no operationName"));
    }

    @Test
    void aCsvWithoutTheStatusColumnNeverYieldsASuccess() throws IOException {
        Path file = lines("no-status.csv", AZKV_HEADER.replace("HttpStatusCode,", ""),
                AZKV_ROW.replace(",200,", ","));

        AuditActivity a = read(file);

        assertEquals(1, a.inputs().records());
        assertFalse(a.groupsFor(KEY).get(0).isSuccess(), "a record without a status proves nothing");
    }

    @Test
    void csvRowsShorterThanTheHeaderAreSkippedNotMisread() throws IOException {
        Path file = lines("ragged.csv", AZKV_HEADER, AZKV_ROW, "2024-05-14T12:00:00Z");

        AuditActivity a = read(file);

        assertEquals(1, a.inputs().records());
        assertEquals(3, onlySkip(a.inputs()).line());
    }

    @Test
    void reorderedCsvColumnsReadTheSameRecords() throws IOException {
        String[] header = AZKV_HEADER.split(",");
        Path ordered = lines("ordered.csv", AZKV_HEADER, AZKV_ROW);
        Path reordered = lines("reordered.csv", String.join(",", header[6], header[5], header[4], header[3],
                header[2], header[1], header[0]), "/SUBSCRIPTIONS/0/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/"
                + "VAULTS/KV-CMK-PROD,200,https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/0123456789abcdef0123456789"
                + "abcdef,\"{\"\"claim\"\":{\"\"oid\"\":\"\"11111111-1111-1111-1111-111111111111\"\"}}\",OK,KeyUnwrap,"
                + "2024-05-14T12:00:00Z");

        AuditActivity a = read(ordered);
        AuditActivity b = read(reordered);

        assertEquals(1, b.inputs().records(), b.inputs()::toString);
        assertEquals(a.groupsFor(KEY), b.groupsFor(KEY));
    }

    @Test
    void brokenKeyMetadataFilesAreSkippedAndCountedNeverThrown() throws IOException {
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);
        write("noise.json", noise);
        lines("truncated.json", "{\"key\":{\"kid\":\"https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/0123456789abc");
        write("deep.json", ("[" + "[".repeat(10_000) + "]".repeat(10_000) + "]").getBytes(StandardCharsets.UTF_8));
        write("utf16.json", "{\"kid\":\"x\"}".getBytes(StandardCharsets.UTF_16));

        OfflineKeyMetadataSource keys = OfflineKeyMetadataSource.read(List.of(dir));

        assertEquals(4, keys.stats().files());
        assertEquals(4, keys.stats().skipped(), keys.stats()::toString);
        assertEquals(0, keys.stats().records());
        assertFalse(keys.stats().skippedDetails().stream().anyMatch(s -> s.file() == null));
    }
}
