package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.activity.SkippedInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.cmkverifier.evidence.offline.EvidenceFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reader thread's buffers go from file to file: each file must still be judged by its own bytes only. */
class ReusedBuffersTest {

    @TempDir
    Path dir;

    @Test
    void aShortFileAfterALongerOneIsJudgedByItsOwnBytes() throws IOException {
        ReaderCaches caches = new ReaderCaches();
        AuditActivityBuilder csv = new AuditActivityBuilder(ScannedAndTreeReading.EVER, k -> true);
        new AuditFileReader(fixture("audit/story/azurediagnostics.csv"), csv, csv, caches).read();
        assertTrue(csv.records() > 0);

        // Its first four bytes, followed by the CSV's header, would read as a Log Analytics export.
        Path odd = Files.writeString(dir.resolve("odd.txt"), "oops");
        AuditActivityBuilder after = new AuditActivityBuilder(ScannedAndTreeReading.EVER, k -> true);
        new AuditFileReader(odd, after, after, caches).read();
        AuditActivityBuilder alone = new AuditActivityBuilder(ScannedAndTreeReading.EVER, k -> true);
        new AuditFileReader(odd, alone).read();

        List<SkippedInput> skipped = after.build().inputs().skippedDetails();
        assertEquals(alone.build().inputs(), after.build().inputs());
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).reason().startsWith("not a recognised audit log format"), skipped.get(0).reason());
    }
}
