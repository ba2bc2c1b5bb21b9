package com.cmkverifier.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    void theLabCommandWritesTheLabIntoTheOutputDirectory(@TempDir Path out) {
        int exit = new CommandLine(new LabGenerator()).execute("lab", "--out", out.toString());

        assertEquals(0, exit);
        assertTrue(Files.isRegularFile(out.resolve("lab.json")) && Files.isRegularFile(out.resolve("registry.json")));
    }

    @Test
    void aSyntheticSizeThatIsNotPositiveIsAUsageError(@TempDir Path out) {
        CommandLine cli = new CommandLine(new LabGenerator()).setErr(new PrintWriter(new StringWriter()));

        assertEquals(2, cli.execute("synthetic", "--out", out.toString(), "--size-mb", "0"));
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
        Instant evenTick = Instant.parse("2026-11-19T09:59:30.0000002Z");
        Instant oddTick = Instant.parse("2026-11-19T09:59:30.0000001Z");

        assertEquals(Instant.parse("2026-11-19T10:00:00Z"), LabWriter.arrivalHour(evenTick));
        assertEquals(Instant.parse("2026-11-19T09:00:00Z"), LabWriter.arrivalHour(oddTick));
    }
}
