package com.cmkverifier.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabGeneratorTest {

    /** The committed lab, relative to the module root where Maven runs the tests. */
    private static final Path COMMITTED = Path.of("samples", "lab");

    @Test
    void generatingTheLabTwiceWritesIdenticalBytes(@TempDir Path first, @TempDir Path second) throws IOException {
        LabWriter.write(SampleLab.build(), first);
        LabWriter.write(SampleLab.build(), second);

        assertEquals(FileTrees.read(first), FileTrees.read(second));
    }

    @Test
    void theCommittedSampleLabIsExactlyWhatTheGeneratorWrites(@TempDir Path fresh) throws IOException {
        LabWriter.write(SampleLab.build(), fresh);

        Map<String, String> committed = FileTrees.read(COMMITTED);
        committed.remove("README.md");
        committed.remove(".gitattributes");
        assertEquals(FileTrees.read(fresh).keySet(), committed.keySet(),
                "regenerate with: LabGenerator lab --out samples/lab");
        assertEquals(FileTrees.read(fresh), committed, "regenerate with: LabGenerator lab --out samples/lab");
    }

    @Test
    void theLabShowsEveryEvidenceShape(@TempDir Path out) throws IOException {
        LabWriter.write(SampleLab.build(), out);
        List<String> files = List.copyOf(FileTrees.read(out).keySet());

        assertTrue(files.stream().anyMatch(f -> f.startsWith("logs/insights-logs-auditevent/") && f.endsWith("/PT1H.json")));
        assertTrue(files.stream().anyMatch(f -> f.endsWith("/PT1H.json.gz")));
        assertTrue(files.stream().anyMatch(f -> f.startsWith("logs/exports/") && f.endsWith(".csv")));
    }

    @Test
    void theBlobStillBeingWrittenEndsInACutOffLine(@TempDir Path out) throws IOException {
        LabEvidence lab = SampleLab.build();
        LabWriter.write(lab, out);

        String blob = Files.readString(out.resolve("logs").resolve(lab.openBlob().path()));
        assertFalse(blob.endsWith("\n"));
        String last = blob.substring(blob.lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("{\"time\":") && !last.endsWith("}"), last);
    }

    @Test
    void aRecordOfAnHoursLastMinuteMayArriveInTheNextHoursBlob() {
        java.time.Instant evenTick = java.time.Instant.parse("2026-11-19T09:59:30.0000002Z");
        java.time.Instant oddTick = java.time.Instant.parse("2026-11-19T09:59:30.0000001Z");

        assertEquals(java.time.Instant.parse("2026-11-19T10:00:00Z"), LabWriter.arrivalHour(evenTick));
        assertEquals(java.time.Instant.parse("2026-11-19T09:00:00Z"), LabWriter.arrivalHour(oddTick));
    }
}
