package com.cmkverifier.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium from Debian's packages ({@code apt-get install chromium}; {@code .ci/run} installs it), to
 * check an HTML report the way a person's browser reads it. Each call gets its own profile folder, so that
 * parallel builds do not share a profile lock. Only {@code file:} URLs are opened: no network.
 */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** The document as the browser parsed it, serialised ({@code --dump-dom}). */
    public static String dumpDom(Path html) throws IOException, InterruptedException {
        return new String(run(html, "--dump-dom"), StandardCharsets.UTF_8);
    }

    /** Renders the page to a PNG file of the given viewport size. */
    public static void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        run(html, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars");
    }

    private static byte[] run(Path html, String... options) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Chromium is missing: apt-get install -y chromium (.ci/run does)");
        }
        Path profile = Files.createTempDirectory("chromium-profile-");
        Path err = Files.createTempFile("chromium-", ".err");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile));
        command.addAll(List.of(options));
        command.add(html.toAbsolutePath().toUri().toString());
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish: " + Files.readString(err));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Chromium exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return out;
        } finally {
            delete(profile);
            Files.deleteIfExists(err);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
