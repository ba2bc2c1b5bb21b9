package com.cmkverifier.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link LabEvidence} as files: {@code lab.json}, {@code registry.json}, {@code resources/...} (Azure's
 * description), {@code keys/...}, hourly archive
 * blobs under {@code logs/insights-logs-auditevent/...} and one Log Analytics CSV export under
 * {@code logs/exports/}.
 */
final class LabWriter {

    /** Fixed so that the key moduli, and so the committed files, are the same on every run. */
    private static final long MODULUS_SEED = 4096L;

    private LabWriter() {
    }

    static void write(LabEvidence lab, Path out) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("evaluationTime", lab.evaluationTime().toString());
        meta.put("window", lab.window());
        meta.put("description", lab.description());
        JsonOutput.write(out.resolve("lab.json"), meta);
        JsonOutput.write(out.resolve("registry.json"),
                Map.of("resources", lab.registry().stream().map(RegistryEntry::toJson).toList()));
        AzureExport.write(lab, out.resolve("resources"));
        KeyMetadataWriter keys = new KeyMetadataWriter(new Random(MODULUS_SEED));
        for (LabEvidence.KeyExport e : lab.keyExports()) {
            JsonOutput.write(out.resolve("keys").resolve(e.path()), keys.render(e.form(), e.versions()));
        }
        List<AuditEvent> exported = new ArrayList<>();
        Map<String, List<AuditEvent>> blobs = new TreeMap<>();
        for (AuditEvent e : lab.events()) {
            if (e.vault().equals(lab.exportedVault())) {
                exported.add(e);
            } else {
                blobs.computeIfAbsent(e.vault().blobPath(arrivalHour(e.time())), p -> new ArrayList<>()).add(e);
            }
        }
        AzkvCsvWriter.write(out.resolve("logs/exports/" + lab.exportedVault().name() + "_AZKVAuditLogs_"
                + lab.evaluationTime().atZone(ZoneOffset.UTC).toLocalDate() + ".csv"), lab.workspaceId(), exported);
        blobs.forEach((path, events) -> writeBlob(out.resolve("logs").resolve(path), events,
                path.equals(lab.compressedBlob().path()), path.equals(lab.openBlob().path())));
    }

    /**
     * The hour whose blob receives a record. A blob holds what arrived in its hour, so about half of the
     * records of an hour's last minute land in the next hour's blob (audit-logs.md).
     */
    static Instant arrivalHour(Instant time) {
        Instant hour = time.truncatedTo(ChronoUnit.HOURS);
        LocalTime t = LocalTime.ofInstant(time, ZoneOffset.UTC);
        boolean late = t.getMinute() == 59 && (time.getNano() / 100) % 2 == 0;
        return late ? hour.plus(1, ChronoUnit.HOURS) : hour;
    }

    /**
     * One JSON object per line. A compressed blob is gzip-compressed as it is; an open blob is still being
     * written, so its last line stops halfway.
     */
    private static void writeBlob(Path file, List<AuditEvent> events, boolean compressed, boolean open) {
        StringBuilder text = new StringBuilder();
        for (AuditEvent e : events) {
            text.append(ArchiveRecordWriter.line(e)).append('\n');
        }
        if (open) {
            String last = ArchiveRecordWriter.line(events.get(events.size() - 1));
            text.setLength(text.length() - last.length() / 2 - 1);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            if (compressed) {
                try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file.resolveSibling("PT1H.json.gz")))) {
                    gz.write(bytes);
                }
            } else {
                Files.write(file, bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
