package com.cmkverifier.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads a directory tree as relative path to content, for comparing generated trees. */
final class FileTrees {

    private FileTrees() {
    }

    /**
     * Every file's bytes by relative path ({@code /}-separated). A {@code .gz} file is read decompressed:
     * deflate output may differ between zlib builds, its content may not.
     */
    static Map<String, String> read(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(p).toString().replace('\\', '/');
                files.put(name, content(p));
            }
        }
        return files;
    }

    private static String content(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] bytes = p.toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
