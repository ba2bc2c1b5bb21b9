package com.cmkverifier.functions;

import com.cmkverifier.state.Azurite;
import com.cmkverifier.testing.NodeTools;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Azurite of this test's own, on free ports and persisting to a folder, so that stopping it mid-run harms no
 * other test and a restart finds the state as it was. Stopped and started by its own process handle only.
 */
final class OwnAzurite implements AutoCloseable {

    /** Azurite's published development account key (not a secret: every Azurite has it). */
    static final String DEV_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Path folder;
    private final int queuePort = freePort();
    private final int tablePort = freePort();
    private Process process;

    OwnAzurite(Path folder) {
        this.folder = folder;
        start();
    }

    String connection() {
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DEV_KEY
                + ";QueueEndpoint=http://127.0.0.1:" + queuePort + "/devstoreaccount1"
                + ";TableEndpoint=http://127.0.0.1:" + tablePort + "/devstoreaccount1;";
    }

    void start() {
        try {
            process = new ProcessBuilder(List.of(NodeTools.bin("azurite").toString(), "--location",
                    folder.toString(), "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--blobPort",
                    String.valueOf(freePort()), "--queueHost", "127.0.0.1", "--queuePort", String.valueOf(queuePort),
                    "--tableHost", "127.0.0.1", "--tablePort", String.valueOf(tablePort), "--blobHost", "127.0.0.1"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 300 && !(Azurite.listening(queuePort) && Azurite.listening(tablePort)); i++) {
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start Azurite: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!Azurite.listening(queuePort) || !Azurite.listening(tablePort)) {
            throw new IllegalStateException("Azurite did not listen on " + queuePort + "/" + tablePort);
        }
    }

    void stop() {
        process.destroy();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
