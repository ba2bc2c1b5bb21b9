package com.cmkverifier.cli;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sample lab bundled on the classpath under {@code lab/}: unpacked into a temporary directory so that the
 * demo reads it exactly as a user's exported evidence is read, from any working directory.
 */
final class BundledLab implements AutoCloseable {

    private final Path root;
    private final Instant evaluationTime;
    private final Duration window;

    private BundledLab(Path root) throws IOException {
        this.root = root;
        try (InputStream in = Files.newInputStream(root.resolve("lab.json"))) {
            JsonNode lab = Jackson.MAPPER.readTree(in);
            this.evaluationTime = Instant.parse(lab.path("evaluationTime").asText());
            this.window = Duration.parse(lab.path("window").asText("P1D"));
        }
    }

    static BundledLab unpack() {
        URL marker = BundledLab.class.getClassLoader().getResource("lab/lab.json");
        if (marker == null) {
            throw new UsageException("the sample lab is not packaged in this build (lab/lab.json missing)");
        }
        try {
            Path target = Files.createTempDirectory("cmkv-lab-");
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = jarFileSystem(uri)) {
                    copyTree(fs.getPath("/lab"), target);
                }
            } else {
                copyTree(Path.of(uri).getParent(), target);
            }
            return new BundledLab(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the sample lab", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            // Another demo in this JVM (tests) holds it open: copy from a fresh one over the jar file itself.
            String jar = uri.getSchemeSpecificPart();
            return FileSystems.newFileSystem(Path.of(URI.create(jar.substring(0, jar.indexOf("!/")))));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    Path registry() {
        return root.resolve("registry.json");
    }

    List<Path> logs() {
        return List.of(root.resolve("logs"));
    }

    List<Path> keys() {
        return List.of(root.resolve("keys"));
    }

    /** Azure's description of the lab (an az graph query export, diagnostic settings, the SQL protector). */
    List<Path> resources() {
        return List.of(root.resolve("resources"));
    }

    /** Names an unpacked file as it sits in the repository, not in the temporary directory. */
    String displayPath(String file) {
        Path p = Path.of(file);
        return p.startsWith(root) ? "samples/lab/" + root.relativize(p).toString().replace('\\', '/') : file;
    }

    Instant evaluationTime() {
        return evaluationTime;
    }

    Duration window() {
        return window;
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temp directory left behind is harmless; the demo's result stands.
        }
    }
}
