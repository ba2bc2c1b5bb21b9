package com.cmkverifier.cli;

import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.probe.ExitHooks;
import com.cmkverifier.core.probe.Sleeper;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.SampleRecords;
import com.cmkverifier.testing.wire.WireServer;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code cmkv probe} against the wire-level Key Vault and Logs API fakes, with a simulated service that calls
 * unwrapKey on every tick of a hand-moved clock and succeeds only while the vault holds its version enabled,
 * as a storage account or database would. Sleeping advances the clock: tests count polls, never wait.
 */
final class ProbeRig implements AutoCloseable {

    static final KeyId KEY = new KeyId("kv-cmk-test.vault.azure.net", "app-cmk");
    static final String OLD = SampleKeys.version(1);
    static final String NEW = SampleKeys.version(2);
    static final String WORKSPACE = "0b4ac6f2-5e33-4d2c-9d6c-2c1d3f0e9a10";
    static final String PRINCIPAL = "7f0c8f65-3a1e-4a57-9d2f-5f6f1b8c1c11";
    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

    /** What the resource does with its key on each tick. */
    enum Service {
        /** Unwraps with the newest version: fails while it is disabled, recovers when it is back. */
        DEPENDENT,
        /** Unwraps with the old version although registered versionless: never notices the newest one. */
        USES_OLD_VERSION,
        /** Makes no call at all. */
        IDLE,
        /** Like a MySQL server: fails once the key is disabled, then stays inaccessible until revalidated. */
        STAYS_DOWN
    }

    final FakeKeyVault vault = new FakeKeyVault();
    final FakeLogAnalytics logs = new FakeLogAnalytics();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final ManualClock clock = new ManualClock(START);
    final Path dir;
    private final List<AuditRecord> records = new ArrayList<>();
    private Service service = Service.DEPENDENT;
    private boolean down;

    ProbeRig(Path dir) {
        this.dir = dir;
        vault.put(KEY, List.of(SampleKeys.rsa(1, START.minus(Duration.ofDays(60))),
                SampleKeys.rsa(2, START.minus(Duration.ofDays(1)))));
        logs.records(WORKSPACE, List.of());
    }

    ProbeRig service(Service s) {
        service = s;
        return this;
    }

    /** Writes a registry: the target, plus {@code others} as extra entries (JSON objects). */
    Path registry(String type, String tags, String... others) {
        StringBuilder json = new StringBuilder("{\"resources\": [").append(entry("app-test", type, tags));
        for (String o : others) {
            json.append(",\n").append(o);
        }
        json.append("]}");
        try {
            return Files.writeString(dir.resolve("registry.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String entry(String name, String type, String tags) {
        return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\", \"key\": \"" + KEY + "\","
                + " \"identity\": {\"principalId\": \"" + PRINCIPAL + "\"}, \"workspaceId\": \"" + WORKSPACE + "\","
                + " \"tags\": " + tags + "}";
    }

    Path records() {
        return dir.resolve("records");
    }

    LiveSources sources() {
        return sources(vault, logs);
    }

    static LiveSources sources(FakeKeyVault vault, FakeLogAnalytics logs) {
        return LiveSources.create(new LiveSettings(URI.create(logs.endpoint()), Duration.ofMinutes(3),
                        Duration.ofSeconds(30), 200, 4, 1, Duration.ofMillis(10)), new DummyCredential(),
                WireServer.trustingClient(), VaultEndpoints.overriding(Map.of(KEY.vaultHost(),
                        vault.endpointFor(KEY.vaultHost()))));
    }

    /** Advances the clock, then lets the service make its call at the new time. */
    final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
        tick();
    };

    private synchronized void tick() {
        Instant now = clock.instant();
        boolean enabled = vault.version(KEY, NEW).isEnabled();
        switch (service) {
            case DEPENDENT -> records.add(SampleRecords.unwrap(now, KEY, NEW, PRINCIPAL, enabled ? 200 : 403));
            case USES_OLD_VERSION -> records.add(SampleRecords.unwrap(now, KEY, OLD, PRINCIPAL, 200));
            case STAYS_DOWN -> {
                if (!down) {
                    records.add(SampleRecords.unwrap(now, KEY, NEW, PRINCIPAL, enabled ? 200 : 403));
                    down = !enabled;
                }
            }
            case IDLE -> {
            }
        }
        logs.records(WORKSPACE, records);
    }

    CliEndToEndTest.Run cmkv(String... args) {
        return cmkv(ExitHooks.JVM, args);
    }

    CliEndToEndTest.Run cmkv(ExitHooks hooks, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == ProbeCommand.class ? cls.cast(new ProbeCommand(ProbeRig.this::sources, clock, sleeper,
                        hooks)) : CommandLine.defaultFactory().create(cls);
            }
        };
        int exit = Cmkv.run(args, new PrintWriter(out), new PrintWriter(err), factory);
        return new CliEndToEndTest.Run(exit, out.toString(), err.toString());
    }

    /** Requests that reached either fake, the 401 challenges included. */
    long azureRequests() {
        return vault.server().received().size() + logs.server().received().size();
    }

    long updates() {
        return vault.requests(KEY, "update");
    }

    boolean newestEnabled() {
        return vault.version(KEY, NEW).isEnabled();
    }

    @Override
    public void close() {
        vault.close();
        logs.close();
    }

    /** A clock moved only by the sleeper. */
    static final class ManualClock extends Clock {
        private final Instant origin;
        private final AtomicLong elapsedMillis = new AtomicLong();

        ManualClock(Instant origin) {
            this.origin = origin;
        }

        void advance(Duration d) {
            elapsedMillis.addAndGet(d.toMillis());
        }

        @Override
        public Instant instant() {
            return origin.plusMillis(elapsedMillis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
