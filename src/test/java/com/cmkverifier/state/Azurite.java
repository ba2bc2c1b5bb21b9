package com.cmkverifier.state;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.cmkverifier.testing.NodeTools;

/**
 * Real Table and Queue storage for tests: the Azurite that {@code .ci/run} started, or one this class starts
 * from the pinned test tools ({@link NodeTools}) and stops when the JVM exits, so that {@code mvn -B verify}
 * alone works on a fresh machine.
 */
public final class Azurite {

    public static final String CONNECTION = "UseDevelopmentStorage=true";
    private static final int QUEUE_PORT = 10001;
    private static final int TABLE_PORT = 10002;
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

    private static void start() {
        Path executable = NodeTools.bin("azurite");
        Process p;
        try {
            p = new ProcessBuilder(List.of(executable.toString(), "--inMemoryPersistence", "--skipApiVersionCheck",
                    "--disableTelemetry", "--silent", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1",
                    "--tableHost", "127.0.0.1"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start Azurite from " + executable + ": " + e.getMessage(), e);
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
