package com.cmkverifier.security;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bearer token never appears in a log line, a verdict message or a report, even with the Azure SDK logging
 * everything it can (AZURE_LOG_LEVEL=verbose, SLF4J at debug, HTTP headers and bodies) while sources fail in several ways. The
 * probe runs in its own JVM because the SDK reads its log settings from the environment once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNeverLeakTest {

    private String output;
    private int exit;

    @BeforeAll
    void runTheProbeWithVerboseSdkLogging() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The SDK logs through SLF4J's simple binding, whose own level (warn by default) would hide the headers.
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", TokenLeakProbe.class.getName()))
                .redirectErrorStream(true);
        pb.environment().put("AZURE_LOG_LEVEL", "verbose");
        pb.environment().put("AZURE_HTTP_LOG_DETAIL_LEVEL", "body_and_headers");
        Process p = pb.start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        exit = p.exitValue();
    }

    @Test
    void theProbeRanWithTheTokenOnTheWireAndTheSdkLogging() {
        assertEquals(0, exit, output);
        assertTrue(output.contains(TokenLeakProbe.SENT + "true"), output);
        assertTrue(output.contains("Authorization"), "the SDK logged request headers: " + output);
        assertTrue(output.contains("SOURCE_INCOMPLETE"), "the reports were printed");
    }

    @Test
    void theTokenAppearsNowhereInLogsVerdictsOrReports() {
        assertFalse(output.contains(TokenLeakProbe.TOKEN), "token leaked");
        assertFalse(output.contains("cmkv-probe-token"), "part of the token leaked");
    }
}
