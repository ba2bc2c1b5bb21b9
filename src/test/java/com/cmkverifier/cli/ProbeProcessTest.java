package com.cmkverifier.cli;

import com.cmkverifier.testing.wire.ChildJvm;
import com.cmkverifier.testing.wire.TestCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe stopped from outside between disable and re-enable, in a JVM of its own: SIGKILL runs nothing, so
 * the restore record on disk is what brings the version back ({@code --restore}); SIGTERM (what Ctrl-C amounts
 * to) runs the shutdown hook, which re-enables the version before the process ends.
 */
class ProbeProcessTest {

    @TempDir
    Path dir;

    private ProbeRig rig;
    private Process child;

    @BeforeEach
    void start() {
        rig = new ProbeRig(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
        rig.close();
    }

    private Process probeInChild() throws Exception {
        Path registry = rig.registry("Microsoft.Sql/servers", "{\"env\": \"sandbox\"}");
        Path keyStore = TestCertificate.export(dir.resolve("wire.p12"));
        child = new ProcessBuilder(ChildJvm.command(keyStore, List.of(), ProbeChild.class, List.of(
                ProbeRig.KEY.vaultHost(), rig.vault.endpointFor(ProbeRig.KEY.vaultHost()), rig.logs.endpoint(),
                rig.graphEndpoint(), "probe", "--registry", registry.toString(), "--resource", "app-test", "--live",
                "--confirm", "app-test", "--records", rig.records().toString())))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        return child;
    }

    /** Waits for a condition the child brings about; fails with the child's output if it exits first. */
    private void awaitOrFail(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + "; child output:\n" + childLog());
            }
            Thread.sleep(50);
        }
    }

    private String childLog() throws Exception {
        return Files.readString(dir.resolve("child.log"));
    }

    private long recordFiles() throws Exception {
        try (Stream<Path> s = Files.list(rig.records())) {
            return s.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    private void awaitDisabled() throws Exception {
        awaitOrFail(() -> rig.enableChanges() >= 1 && !rig.newestEnabled(), "the child disabling the version");
    }

    @Test
    void aProbeKilledWithSigkillLeavesItsRecordAndRestoreReEnablesFromIt() throws Exception {
        Process p = probeInChild();
        awaitDisabled();
        p.destroyForcibly();
        assertEquals(137, p.waitFor(), "128 + SIGKILL");
        assertFalse(rig.newestEnabled(), "nothing ran in the killed process");
        assertEquals(1, rig.enableChanges());
        assertEquals(1, recordFiles());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                Files.list(rig.records()).findFirst().orElseThrow())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rig.records())));
        assertTrue(Files.readString(Files.list(rig.records()).findFirst().orElseThrow()).contains(ProbeRig.NEW));

        CliEndToEndTest.Run restore = rig.cmkv("probe", "--live", "--restore", "--records", rig.records().toString());
        assertEquals(0, restore.exit(), restore.err());
        assertTrue(rig.newestEnabled());
        assertEquals(2, rig.enableChanges());
        assertEquals(0, recordFiles());
    }

    @Test
    void aProbeKilledWithSigkillIsRestoredFromAnotherMachineThroughTheTagOnTheKey() throws Exception {
        Process p = probeInChild();
        awaitDisabled();
        p.destroyForcibly();
        p.waitFor();
        assertTrue(rig.vault.tags(ProbeRig.KEY, ProbeRig.NEW).containsKey("cmkv-probe"), "Azure shows the key is held");
        // Another machine: no record there, only the key's URL.
        CliEndToEndTest.Run restore = rig.cmkv("probe", "--live", "--restore", "--key", ProbeRig.KEY.toString(),
                "--records", dir.resolve("another-machine").toString());
        assertEquals(0, restore.exit(), restore.err());
        assertTrue(rig.newestEnabled());
        assertFalse(rig.vault.tags(ProbeRig.KEY, ProbeRig.NEW).containsKey("cmkv-probe"));
    }

    @Test
    void aProbeStoppedLikeCtrlCReEnablesThroughItsShutdownHook() throws Exception {
        Process p = probeInChild();
        awaitDisabled();
        p.destroy();
        p.waitFor();
        assertTrue(rig.newestEnabled(), childLog());
        assertEquals(2, rig.enableChanges());
        assertEquals(0, recordFiles());
        assertTrue(childLog().contains("interrupted: version " + ProbeRig.NEW + " re-enabled and confirmed"),
                childLog());
    }

    @Test
    void aSignalWhileTheDisableIsInFlightWaitsForItThenReEnables() throws Exception {
        // The disable's answer is held back a few seconds: the signal arrives while the PATCH is on the wire.
        rig.vault.server().delayNext(r -> r.method().equals("PATCH") && r.body().contains("\"enabled\":false"), 1,
                Duration.ofSeconds(3));
        Process p = probeInChild();
        awaitOrFail(() -> rig.vault.server().count(r -> r.method().equals("PATCH")
                && r.body().contains("\"enabled\":false")) == 1, "the disable reaching the vault");
        p.destroy();
        p.waitFor();
        // Before the fix the hook read "enabled" before the PATCH landed, and never re-enabled.
        assertEquals(2, rig.enableChanges(), "the disable landed, then the hook's re-enable: " + childLog());
        assertTrue(rig.newestEnabled(), childLog());
        assertEquals(0, recordFiles());
        assertTrue(childLog().contains("interrupted: version " + ProbeRig.NEW + " re-enabled and confirmed"),
                childLog());
    }
}
