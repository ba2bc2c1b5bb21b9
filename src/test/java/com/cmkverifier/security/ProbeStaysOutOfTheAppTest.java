package com.cmkverifier.security;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.evidence.keyvault.KeyVaultVersionSwitch;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The only code that can change a key lives in the CLI's probe: the Functions app neither routes to it nor builds it. */
class ProbeStaysOutOfTheAppTest {

    @Test
    void noCompiledFunctionsClassUsesTheProbeOrTheVersionSwitch() throws Exception {
        Path functions = Path.of("target/classes/com/cmkverifier/functions");
        assertTrue(Files.isDirectory(functions), "compile first");
        List<Path> classes;
        try (Stream<Path> s = Files.walk(functions)) {
            classes = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertFalse(classes.isEmpty());
        for (Path c : classes) {
            // Class files keep referenced class names and string constants (routes) as UTF-8 in the constant pool.
            String text = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            assertFalse(text.contains("versionswitch"), c + " references the key version switch");
            assertFalse(text.contains("com/cmkverifier/core/probe/"), c + " uses the probe");
        }
    }

    @Test
    void theVersionSwitchRefusesAHostOutsideKeyVaultBeforeAnyRequest() {
        try (FakeKeyVault vault = new FakeKeyVault()) {
            KeyVaultVersionSwitch keys = new KeyVaultVersionSwitch(new DummyCredential(), WireServer.trustingClient(),
                    WireServer.retries(0), Duration.ofSeconds(5),
                    VaultEndpoints.overriding(Map.of("evil.example.com", vault.endpointFor("evil.example.com"))));
            KeyId hostile = new KeyId("evil.example.com", "k");
            assertThrows(IllegalArgumentException.class, () -> keys.setEnabled(hostile, "0".repeat(32), false));
            assertThrows(IllegalArgumentException.class, () -> keys.read(hostile, null));
            assertEquals(0, vault.server().received().size());
        }
    }
}
