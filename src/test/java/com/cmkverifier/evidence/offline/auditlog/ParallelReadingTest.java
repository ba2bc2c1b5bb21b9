package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.AuditActivity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool's threads each keep their records' activity from file to file, while each file's skipped lines and
 * issues are merged in file order: the answer must be the one a single reader gives, file after file.
 */
class ParallelReadingTest {

    private static final String RID = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG-KEYS"
            + "/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-CMK-PROD";

    @TempDir
    Path dir;

    @Test
    void filesReadOnThePoolGiveWhatOneReaderGivesFileAfterFile() throws IOException {
        int files = 40;
        int recordsPerFile = 50;
        for (int f = 0; f < files; f++) {
            List<String> lines = new ArrayList<>();
            for (int r = 0; r < recordsPerFile; r++) {
                lines.add(record(f, r));
                if (r % 17 == 3) {
                    lines.add("{\"time\": broken line " + f + "/" + r);
                }
            }
            Files.writeString(dir.resolve(String.format("f%03d.json", f)), String.join("\n", lines) + "\n");
        }
        // One file that cannot be read to its end: an issue, in its place among the files.
        Files.write(dir.resolve("f020-truncated.json.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1});

        AuditActivity pooled = new OfflineAuditLogSource(List.of(dir), ReadProgress.NONE)
                .readAll(ScannedAndTreeReading.EVER);
        AuditActivity oneByOne = ScannedAndTreeReading.read(List.of(dir), ScannedAndTreeReading.EVER, k -> true, true);

        assertEquals((long) files * recordsPerFile, pooled.inputs().records());
        assertTrue(pooled.inputs().skipped() >= files * 3L, "skipped " + pooled.inputs().skipped());
        assertEquals(AuditEvidence.groups(oneByOne), AuditEvidence.groups(pooled));
        assertEquals(oneByOne.vaultsWithRecords(), pooled.vaultsWithRecords());
        // Counts and the skipped lines with their files and lines, in file order.
        assertEquals(oneByOne.inputs(), pooled.inputs());
        assertEquals(oneByOne.issues(), pooled.issues());
        assertEquals(1, pooled.issues().size());
    }

    /** Ten keys, three callers, two operations; times spread over the day so first and last differ per group. */
    private static String record(int file, int r) {
        int n = file * 1000 + r;
        return String.format("{\"time\":\"%s\",\"resourceId\":\"%s\",\"operationName\":\"%s\","
                        + "\"identity\":{\"claim\":{\"oid\":\"%08d-1111-1111-1111-111111111111\"}},"
                        + "\"properties\":{\"id\":\"https://kv-cmk-prod.vault.azure.net/keys/k%d/%032d\","
                        + "\"httpStatusCode\":%d}}",
                Instant.parse("2024-05-14T00:00:00Z").plusSeconds((n * 7919L) % 86_400), RID,
                n % 2 == 0 ? "KeyUnwrap" : "KeyWrap", n % 3, n % 10, n % 4, n % 5 == 0 ? 403 : 200);
    }
}
