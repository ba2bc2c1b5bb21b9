package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.activity.KeyLocator;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.evidence.offline.EvidenceInput;
import com.cmkverifier.evidence.offline.MalformedRecordException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one audit log file into a builder, streaming: a malformed line or record is skipped with its line; a
 * file that cannot be read to its end keeps what was read and raises a {@link SourceIssue}, because a verdict
 * must not pass on a partially read source.
 */
final class AuditFileReader {

    static final String SOURCE = "offline audit logs";

    private static final CsvMapper CSV = new CsvMapper();
    /** Portal CSV exports name time columns like {@code TimeGenerated [UTC]}. */
    private static final String UTC_SUFFIX = " [UTC]";

    private final Path file;
    private final String name;
    private final AuditActivityBuilder out;
    /** Where the records go: {@link #out}, or the reading thread's builder shared by its files. */
    private final AuditActivityBuilder records;
    /** Both null when every line is read as a tree. */
    private final PlainArchiveLine plain;
    private final ArchiveLineScanner scanner;
    private final VaultNames vaults;
    private final KeyLocations keys;
    private final byte[] head;
    private final byte[] lineBuffer;
    private long line;

    AuditFileReader(Path file, AuditActivityBuilder out) {
        this(file, out, out, new ReaderCaches());
    }

    /**
     * @param out     the file's count, skipped lines and issues, which are reported in file order
     * @param records the records' activity, which merges in any order: the reading thread's, so that merging
     *                a builder per file into the total does not repeat every file's groups
     * @param caches  the reading thread's, shared by the files it reads one after the other
     */
    AuditFileReader(Path file, AuditActivityBuilder out, AuditActivityBuilder records, ReaderCaches caches) {
        this(file, out, records, caches, true);
    }

    private AuditFileReader(Path file, AuditActivityBuilder out, AuditActivityBuilder records, ReaderCaches caches,
                            boolean scan) {
        this.file = file;
        this.name = file.toString();
        this.out = out;
        this.records = records;
        this.plain = scan ? caches.plain : null;
        this.scanner = scan ? caches.scanner : null;
        this.vaults = caches.vaults;
        this.keys = caches.keys;
        this.head = caches.head;
        this.lineBuffer = caches.lines;
    }

    /** A reader that maps every line from its tree: the reference the scanned lines are held to. */
    static AuditFileReader treesOnly(Path file, AuditActivityBuilder out) {
        return new AuditFileReader(file, out, out, new ReaderCaches(), false);
    }

    void read() {
        try {
            read(Files.newInputStream(file));
        } catch (IOException e) {
            out.countFile();
            incomplete(e);
        }
    }

    /** Reads {@code content} as the file's, and closes it. */
    void read(InputStream content) {
        out.countFile();
        try (BufferedInputStream in = EvidenceInput.open(content)) {
            switch (AuditFileLayout.of(head, EvidenceInput.head(in, head))) {
                case JSON_LINES -> readLines(in);
                case JSON_DOCUMENT -> readDocument(in);
                case CSV -> readCsv(in);
                case UNKNOWN -> out.skip(name, 1, "not a recognised audit log format (JSON Lines, {\"records\":[...]},"
                        + " a JSON array, or a Log Analytics CSV export with a header row)");
            }
        } catch (IOException | UncheckedIOException e) {
            incomplete(e);
        }
    }

    private void readLines(InputStream in) throws IOException {
        ByteLines lines = new ByteLines(in, lineBuffer);
        while (true) {
            if (plain != null && lines.hasBuffered()) {
                // Nearly every line: read as a plain record in one pass, which finds where the line ends.
                RawRecord read = plain.readLine(lines.buffer(), lines.nextStart(), lines.buffered());
                if (read != null) {
                    lines.passLine(plain.newline());
                    line = lines.number();
                    acceptOrSkip(read);
                    continue;
                }
            }
            if (!lines.next()) {
                return;
            }
            line = lines.number();
            if (lines.overlong()) {
                skip("line longer than " + ByteLines.MAX_LINE + " bytes");
            } else if (!lines.isBlank()) {
                line(lines.buffer(), lines.offset(), lines.length());
            }
        }
    }

    /**
     * Read from its bytes when it is a plain archive record (nearly always), else scanned from parser tokens
     * when it has the archive layout, else read as a tree.
     */
    private void line(byte[] buffer, int offset, int length) throws IOException {
        RawRecord scanned = plain == null ? null : plain.read(buffer, offset, length);
        try {
            if (scanned == null && scanner != null) {
                scanned = scanner.scan(buffer, offset, length);
            }
        } catch (JsonProcessingException e) {
            // The tree parse below reports it.
        }
        if (scanned != null) {
            acceptOrSkip(scanned);
            return;
        }
        JsonNode node;
        try {
            node = Jackson.MAPPER.readTree(buffer, offset, length);
        } catch (JsonProcessingException e) {
            skip("not valid JSON (" + e.getOriginalMessage() + "), possibly a partially written line");
            return;
        }
        element(node);
    }

    private void readDocument(InputStream in) throws IOException {
        try (JsonParser p = Jackson.MAPPER.createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                value(p, t);
            }
        }
    }

    /** Streams arrays element by element and {@code records} arrays record by record. */
    private void value(JsonParser p, JsonToken t) throws IOException {
        line = p.currentTokenLocation().getLineNr();
        if (t == JsonToken.START_ARRAY) {
            for (JsonToken e = next(p); e != JsonToken.END_ARRAY; e = next(p)) {
                value(p, e);
            }
        } else if (t == JsonToken.START_OBJECT) {
            object(p);
        } else {
            skip("not a JSON object");
        }
    }

    private void object(JsonParser p) throws IOException {
        long start = line;
        ObjectNode node = Jackson.MAPPER.createObjectNode();
        boolean container = false;
        for (JsonToken t = next(p); t == JsonToken.FIELD_NAME; t = next(p)) {
            String field = p.currentName();
            JsonToken v = next(p);
            if ("records".equals(field) && v == JsonToken.START_ARRAY) {
                container = true;
                value(p, v);
            } else {
                node.set(field, Jackson.MAPPER.readTree(p));
            }
        }
        if (!container) {
            line = start;
            element(node);
        }
    }

    private static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new EOFException("unexpected end of file inside a JSON value");
        }
        return t;
    }

    private void element(JsonNode node) {
        if (!node.isObject()) {
            skip("not a JSON object");
            return;
        }
        JsonNode records = node.get("records");
        if (records != null && records.isArray()) {
            records.forEach(this::element);
            return;
        }
        acceptOrSkip(RowShape.mapJson(node));
    }

    private void acceptOrSkip(RawRecord raw) {
        try {
            accept(raw);
        } catch (MalformedRecordException e) {
            skip(e.getMessage());
        }
    }

    private void readCsv(InputStream in) throws IOException {
        try (CsvParser p = (CsvParser) CSV.getFactory().createParser(in)) {
            List<String> header = csvRow(p);
            if (header == null) {
                return;
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String column = header.get(i).trim();
                index.putIfAbsent(column.endsWith(UTC_SUFFIX)
                        ? column.substring(0, column.length() - UTC_SUFFIX.length()) : column, i);
            }
            RowShape shape = RowShape.of(new CsvRow(index, List.of()));
            if (shape == RowShape.ARCHIVE) {
                skip("CSV header has neither TimeGenerated nor OperationName");
                return;
            }
            for (List<String> values = csvRow(p); values != null; values = csvRow(p)) {
                if (values.size() == 1 && values.get(0).isBlank()) {
                    continue;
                }
                try {
                    accept(shape.map(new CsvRow(index, values)));
                } catch (MalformedRecordException e) {
                    skip(e.getMessage());
                }
            }
        }
    }

    /** Without a schema the CSV parser presents each row as an array of strings. */
    private List<String> csvRow(CsvParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (values.isEmpty()) {
                // The row's start token is located where the previous row ended; its first value is not.
                line = p.currentTokenLocation().getLineNr();
            }
            values.add(p.getText());
        }
        return values;
    }

    private void accept(RawRecord raw) {
        if (raw != null) {
            records.accept(raw.toAuditRecord(vaults, keys));
        }
    }

    private void skip(String reason) {
        out.skip(name, line, reason);
    }

    private void incomplete(Exception e) {
        String reason = e instanceof JsonProcessingException j && j.getLocation() != null
                ? j.getOriginalMessage() + " at line " + j.getLocation().getLineNr()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        out.skip(name, line, "rest of the file unreadable: " + reason);
        out.issue(new SourceIssue(SOURCE, "file " + name + " could not be read completely: " + reason, null,
                vaultNamedByPath(file)));
    }

    /**
     * The vault an archive blob belongs to ({@code resourceId=/.../VAULTS/{NAME}/y=...}), so that a broken blob
     * only makes that vault's resources inconclusive; null (every resource) when the path names none.
     */
    static String vaultNamedByPath(Path file) {
        String path = file.toString().replace('\\', '/');
        int i = path.toLowerCase(Locale.ROOT).indexOf("resourceid=");
        return i < 0 ? null : KeyLocator.vaultNameFromResourceId(path.substring(i + "resourceid=".length()));
    }
}
