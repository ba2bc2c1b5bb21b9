package com.cmkverifier.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node packages the tests run (Azurite, Kusto.Language, the integration validators), pinned in
 * {@code .ci/tools/package.json} and its lock file. {@code .ci/run} installs them up front; this class installs
 * them with {@code npm ci} when a test needs them and they are missing, so that {@code mvn -B verify} alone
 * works on a fresh machine with Node.js and npm.
 */
public final class NodeTools {

    public static final Path HOME = Path.of(".ci/tools");
    private static final Path MODULES = HOME.resolve("node_modules");
    private static final Path STAMP = MODULES.resolve(".package-lock.json");
    private static boolean installed;

    private NodeTools() {
    }

    /** The installed package's folder, installing every pinned package first when any is missing or stale. */
    public static synchronized Path module(String name) {
        ensureInstalled();
        Path dir = MODULES.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(name + " is not pinned in " + HOME.resolve("package.json"));
        }
        return dir;
    }

    /** An installed package's executable from {@code node_modules/.bin}. */
    public static synchronized Path bin(String name) {
        ensureInstalled();
        return MODULES.resolve(".bin").resolve(name);
    }

    /**
     * Runs {@code node script args...} with the tools' {@code node_modules} on the module path and returns
     * what it printed on standard output; fails with its standard error when it exits non-zero.
     */
    public static String node(Path script, String stdin, String... args) {
        ensureInstalled();
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("node-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            pb.environment().put("NODE_PATH", MODULES.toAbsolutePath().toString());
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("node " + script + " did not finish in 5 minutes");
            }
            String error = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("node " + script + " exited " + p.exitValue() + ": " + error);
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not run node (" + e.getMessage() + "): install Node.js 20+", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running node " + script, e);
        }
    }

    private static void ensureInstalled() {
        if (installed) {
            return;
        }
        try {
            // npm ci writes node_modules/.package-lock.json last: when it matches the lock file, all is there.
            boolean current = Files.exists(STAMP) && Files.getLastModifiedTime(STAMP)
                    .compareTo(Files.getLastModifiedTime(HOME.resolve("package-lock.json"))) >= 0;
            if (!current) {
                install();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + HOME + ": " + e.getMessage(), e);
        }
        installed = true;
    }

    private static void install() {
        List<String> npm = List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", HOME.toString());
        Path log = HOME.resolve("npm-install.log");
        try {
            Process p = new ProcessBuilder(npm).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroy();
                throw new IllegalStateException("'" + String.join(" ", npm) + "' failed; see " + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("npm could not install the test tools (" + e.getMessage()
                    + "): install Node.js 20+ and npm", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the test tools", e);
        }
    }
}
