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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Restore records as one JSON file per key version in a folder ({@code ~/.cmkv/probe-records} unless
 * {@code --records} says otherwise). Each is forced to disk and renamed into place before the probe disables
 * anything, so a process killed at any later moment leaves a complete record behind.
 */
final class RestoreRecordFiles implements RestoreRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    RestoreRecordFiles(Path dir) {
        this.dir = dir;
    }

    static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".cmkv", "probe-records");
    }

    @Override
    public void write(RestoreRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("resource", r.resource());
        o.put("key", r.key().toString());
        o.put("version", r.version());
        o.put("disabledAt", r.disabledAt().toString());
        o.put("restoreWith", "cmkv probe --restore --records " + dir.toAbsolutePath());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(r.fileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o)));
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(r.fileName()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UsageException("--records: cannot write the restore record in " + dir + " (" + e.getMessage()
                    + "); nothing was changed");
        }
    }

    @Override
    public void remove(RestoreRecord r) {
        try {
            Files.deleteIfExists(dir.resolve(r.fileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<RestoreRecord> all() {
        List<RestoreRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                out.add(read(f));
            }
        } catch (IOException e) {
            throw new UsageException("--records: cannot read " + dir + ": " + e.getMessage());
        }
        return out;
    }

    private static RestoreRecord read(Path f) {
        try {
            JsonNode o = JSON.readTree(f.toFile());
            KeyReference ref = KeyReference.parse(o.path("key").asText() + "/" + o.path("version").asText());
            return new RestoreRecord(o.path("resource").asText(), ref.keyId(), ref.version(),
                    Instant.parse(o.path("disabledAt").asText()));
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--records: restore record " + f + " is unreadable (" + e.getMessage()
                    + "); enable the version it names by hand, then delete the file");
        }
    }
}
