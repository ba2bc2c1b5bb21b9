package com.cmkverifier.state;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real Table and Queue storage for tests: the Azurite that {@code .ci/run} started, or one this class starts
 * from {@code .ci/node} and stops when the JVM exits, installing it there with npm first when it is missing,
 * so that {@code mvn -B verify} alone works on a fresh machine.
 */
public final class Azurite {

    public static final String CONNECTION = "UseDevelopmentStorage=true";
    private static final int QUEUE_PORT = 10001;
    private static final int TABLE_PORT = 10002;
    /** The version {@code .ci/run} installs too. */
    private static final String VERSION = "3.37.0";
    private static final Path EXECUTABLE = Path.of(".ci/node/node_modules/.bin/azurite");
    private static boolean ready;

    private Azurite() {
    }

    /** The connection string of a running Azurite, starting one when none listens. */
    public static synchronized String connection() {
        if (!ready) {
            if (!listening(QUEUE_PORT) || !listening(TABLE_PORT)) {
                start();
            }
            ready = true;
        }
        return CONNECTION;
    }

    /** A fresh name for a table prefix or queue, so that test classes never see each other's state. */
    public static String uniqueName(String stem) {
        return stem + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void install() {
        List<String> npm = List.of("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", ".ci/node",
                "azurite@" + VERSION);
        try {
            Files.createDirectories(Path.of(".ci/node"));
            Process p = new ProcessBuilder(npm).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(".ci/node/npm-install.log").toFile())).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isExecutable(EXECUTABLE)) {
                p.destroy();
                throw new IllegalStateException("'" + String.join(" ", npm) + "' failed; see .ci/node/npm-install.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Azurite is not running and npm could not install it ("
                    + e.getMessage() + "): install Node.js/npm, or start Azurite on ports 10001/10002 yourself", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Azurite", e);
        }
    }

    private static void start() {
        if (!Files.isExecutable(EXECUTABLE)) {
            install();
        }
        Process p;
        try {
            p = new ProcessBuilder(List.of(EXECUTABLE.toString(), "--inMemoryPersistence", "--skipApiVersionCheck",
                    "--disableTelemetry", "--silent", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1",
                    "--tableHost", "127.0.0.1"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start Azurite from " + EXECUTABLE + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        for (int i = 0; i < 300 && !(listening(QUEUE_PORT) && listening(TABLE_PORT)); i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Azurite exited at start with code " + p.exitValue());
            }
            pause();
        }
        if (!listening(QUEUE_PORT) || !listening(TABLE_PORT)) {
            p.destroy();
            throw new IllegalStateException("Azurite did not listen on ports " + QUEUE_PORT + "/" + TABLE_PORT);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Azurite", e);
        }
    }

    /** True when something accepts connections on the loopback port. */
    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
