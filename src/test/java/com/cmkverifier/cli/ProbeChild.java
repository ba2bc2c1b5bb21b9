package com.cmkverifier.cli;

import com.cmkverifier.core.probe.ExitHooks;
import com.cmkverifier.core.probe.Sleeper;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.WireServer;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code cmkv probe} in a JVM of its own, as a person runs it (real clock, real sleeps, the JVM's shutdown
 * hooks), pointed at the parent test's fakes, so that the parent can kill it between disable and re-enable.
 * Arguments: vault host, its fake endpoint, the Logs API fake's endpoint, the Resource Graph fake's endpoint, then
 * the cmkv arguments. The parent
 * passes its certificate store with {@code -Dwire.keystore}.
 */
public final class ProbeChild {

    private ProbeChild() {
    }

    public static void main(String[] args) {
        String vaultHost = args[0];
        String vaultEndpoint = args[1];
        String logsEndpoint = args[2];
        URI graphEndpoint = URI.create(args[3]);
        LiveSettings settings = new LiveSettings(URI.create(logsEndpoint), Duration.ofMinutes(3),
                Duration.ofSeconds(30), 200, 4, 1, Duration.ofMillis(10));
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == ProbeCommand.class ? cls.cast(new ProbeCommand(() -> LiveSources.create(settings,
                        new DummyCredential(), WireServer.trustingClient(),
                        VaultEndpoints.overriding(Map.of(vaultHost, vaultEndpoint))),
                        () -> new LiveDiscovery(new DummyCredential(), WireServer.trustingClient(), WireServer.retries(1),
                                graphEndpoint, d -> { }),
                        Clock.systemUTC(), Sleeper.REAL, Sleeper.REAL, ExitHooks.JVM))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(Cmkv.run(Arrays.copyOfRange(args, 4, args.length), out, err, factory));
    }
}
