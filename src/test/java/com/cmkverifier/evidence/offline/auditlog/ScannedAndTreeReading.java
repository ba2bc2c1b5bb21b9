package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.evidence.offline.EvidenceInput;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads the same evidence with the byte reader and line scanner and with trees only, and compares what comes out. */
final class ScannedAndTreeReading {

    static final Window EVER = new Window(Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("2100-01-01T00:00:00Z"));

    private ScannedAndTreeReading() {
    }

    /** Scanned, the files share one {@link ReaderCaches} as a reader thread's files do. */
    static AuditActivity read(List<Path> inputs, Window window, Predicate<KeyId> keys, boolean scan) {
        AuditActivityBuilder total = new AuditActivityBuilder(window, keys);
        ReaderCaches caches = new ReaderCaches();
        for (Path f : EvidenceInput.files(inputs, (input, e) -> {
            throw new AssertionError("cannot list " + input, e);
        })) {
            AuditActivityBuilder b = new AuditActivityBuilder(window, keys);
            (scan ? new AuditFileReader(f, b, b, caches) : AuditFileReader.treesOnly(f, b)).read();
            total.merge(b);
        }
        return total.build();
    }

    /** Groups, vaults that logged, issues, input counts with the skipped lines, caller names: all of it. */
    static void assertSameActivity(List<Path> inputs, Window window, Predicate<KeyId> keys) {
        AuditActivity trees = read(inputs, window, keys, false);
        AuditActivity scanned = read(inputs, window, keys, true);
        assertEquals(AuditEvidence.groups(trees), AuditEvidence.groups(scanned));
        assertEquals(trees.vaultsWithRecords(), scanned.vaultsWithRecords());
        assertEquals(trees.issues(), scanned.issues());
        assertEquals(trees.inputs(), scanned.inputs());
        assertEquals(trees.callerNames(), scanned.callerNames());
    }

    /**
     * The scanner's answer for one line, which must be null or the record the tree maps to.
     *
     * @return whether the scanner answered
     */
    static boolean assertScanMatchesTree(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        RawRecord scanned;
        try {
            scanned = new ArchiveLineScanner().scan(bytes, 0, bytes.length);
        } catch (IOException e) {
            return false;
        }
        if (scanned != null) {
            assertEquals(fromTree(bytes), scanned, line);
        }
        return scanned != null;
    }

    /**
     * The byte reader's answer for one line, which must be null or the record the tree maps to (so never an
     * answer for a line that is not JSON).
     *
     * @return whether the byte reader answered
     */
    static boolean assertPlainReadMatchesTree(String line) {
        return assertPlainReadMatchesTree(new PlainArchiveLine(), line);
    }

    /** As above, through {@code reader}, which may have read other lines before (its caches warm). */
    static boolean assertPlainReadMatchesTree(PlainArchiveLine reader, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        RawRecord read = reader.read(bytes, 0, bytes.length);
        if (read != null) {
            assertEquals(fromTree(bytes), read, line);
        }
        return read != null;
    }

    private static RawRecord fromTree(byte[] bytes) {
        try {
            JsonNode node = Jackson.MAPPER.readTree(bytes);
            return RowShape.mapJson(node);
        } catch (JsonProcessingException e) {
            throw new AssertionError("scanned a line that is not JSON", e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
