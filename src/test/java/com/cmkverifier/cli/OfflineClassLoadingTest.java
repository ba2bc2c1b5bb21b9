package com.cmkverifier.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline path builds no Azure client: {@code cmkv verify --logs --keys} run in a fresh JVM, whose class
 * loading log must name no Azure identity, HTTP or service-client class. A JVM of its own, because in the
 * test JVM other tests have loaded them already.
 */
class OfflineClassLoadingTest {

    /** Credentials, the HTTP stack and the service clients: what building any Azure client loads. */
    private static final List<String> AZURE_CLIENT_PACKAGES = List.of("com.azure.identity.", "com.azure.core.http.",
            "com.azure.security.keyvault.", "com.azure.monitor.", "com.azure.data.tables.", "com.azure.storage.");

    @Test
    void offlineVerifyLoadsNoAzureIdentityHttpOrServiceClientClass(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("classes.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xlog:class+load=info:file=" + log,
                "-cp", System.getProperty("java.class.path"), Cmkv.class.getName(), "verify",
                "--registry", "samples/lab/registry.json", "--logs", "samples/lab/logs", "--keys", "samples/lab/keys",
                "--at", "2026-11-20T06:00:00Z", "--resource", "stcmkdata", "--format", "json")
                .redirectOutput(tmp.resolve("out.json").toFile()).redirectError(tmp.resolve("err.txt").toFile())
                .start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "cmkv verify did not finish");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("err.txt")));
        assertTrue(Files.readString(tmp.resolve("out.json")).contains("\"VERIFIED\""), "the verdict was given");

        List<String> azure = Files.readAllLines(log).stream().filter(l -> l.contains("[class,load]"))
                .map(l -> l.substring(l.indexOf("[class,load]") + "[class,load]".length()).trim())
                .filter(c -> AZURE_CLIENT_PACKAGES.stream().anyMatch(c::startsWith)).toList();
        assertEquals(List.of(), azure);
    }
}
