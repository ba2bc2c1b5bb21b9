package com.cmkverifier.cli;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.probe.RestoreRecord;
import com.cmkverifier.core.probe.RestoreRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Restore records as one JSON file per key version in a folder ({@code ~/.cmkv/probe-records} unless
 * {@code --records} says otherwise), readable by their owner only (files 0600 in a 0700 folder: nobody else can
 * read them or plant one). Each is forced to disk, renamed into place and the folder forced too, before the probe
 * disables anything, so a process killed at any later moment leaves a complete record behind.
 */
final class RestoreRecordFiles implements RestoreRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;

    RestoreRecordFiles(Path dir) {
        this.dir = dir;
    }

    static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".cmkv", "probe-records");
    }

    /** The command that finishes what a record describes, from this machine or (through the tag) any other. */
    String restoreWith() {
        return "cmkv probe --live --restore --records " + dir.toAbsolutePath();
    }

    @Override
    public void write(RestoreRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("resource", r.resource());
        o.put("key", r.key().toString());
        o.put("version", r.version());
        o.put("who", r.who());
        o.put("disabledAt", r.disabledAt().toString());
        o.put("deadline", r.deadline().toString());
        o.put("restoreWith", restoreWith());
        try {
            createFolder();
            Path tmp = dir.resolve(r.fileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (POSIX) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o)));
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(r.fileName()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceFolder();
        } catch (IOException e) {
            throw new UsageException("--records: cannot write the restore record in " + dir + " (" + e.getMessage()
                    + "); nothing was changed");
        }
    }

    /** The folder, 0700; an existing one is narrowed to 0700 too, so that nobody else can plant records. */
    private void createFolder() throws IOException {
        if (!POSIX) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** The rename is durable only once the folder's entry is on disk as well. */
    private void forceFolder() throws IOException {
        if (!POSIX) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public void remove(RestoreRecord r) {
        try {
            if (Files.deleteIfExists(dir.resolve(r.fileName()))) {
                forceFolder();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<RestoreRecord> all(Consumer<String> notes) {
        List<RestoreRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                try {
                    out.add(read(f));
                } catch (IOException | RuntimeException e) {
                    notes.accept("skipped " + f + ": not a restore record (" + e.getMessage() + "); if it names a"
                            + " disabled version, enable that version by hand");
                }
            }
        } catch (IOException e) {
            throw new UsageException("--records: cannot read " + dir + ": " + e.getMessage());
        }
        return out;
    }

    private static RestoreRecord read(Path f) throws IOException {
        JsonNode o = JSON.readTree(f.toFile());
        KeyReference ref = KeyReference.parse(o.path("key").asText() + "/" + o.path("version").asText());
        Instant disabledAt = Instant.parse(o.path("disabledAt").asText());
        return new RestoreRecord(o.path("resource").asText(), ref.keyId(), ref.version(), o.path("who").asText(null),
                disabledAt, o.hasNonNull("deadline") ? Instant.parse(o.path("deadline").asText()) : disabledAt);
    }
}
