package com.cmkverifier.cli;

import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.probe.ExitHooks;
import com.cmkverifier.core.probe.Sleeper;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.testing.TestClock;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.FakeResourceGraph;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.SampleRecords;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code cmkv probe} against the wire-level Key Vault, Logs API and Resource Graph fakes, with a simulated service
 * that calls unwrapKey on every tick of a hand-moved clock and succeeds only while the vault holds its version
 * enabled, as a storage account or database would. Sleeping advances the clock: tests count polls, never wait.
 * Azure describes the target as the registry does (same tags), in a test vault in an untagged resource group,
 * and the identity used the newest version an hour before the start, so that every guard passes by default.
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
        /** Keeps succeeding on the newest version although it is disabled (a service that does not need it). */
        UNAFFECTED,
        /** Like a MySQL server: fails once the key is disabled, then stays inaccessible until revalidated. */
        STAYS_DOWN
    }

    static final String SUB = "5d0c3a8e-7f1b-4e2a-9c3d-2b1a0f9e8d7c";
    static final String TARGET_ID = "/subscriptions/" + SUB + "/resourceGroups/rg-test/providers/";
    static final String VAULT_ID = "/subscriptions/" + SUB + "/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/"
            + KEY.vaultName();
    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeKeyVault vault = new FakeKeyVault();
    final FakeLogAnalytics logs = new FakeLogAnalytics();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    /** Moved only by the sleeper. */
    final TestClock clock = new TestClock(START);
    final Path dir;
    private final List<AuditRecord> records = new ArrayList<>();
    /** Resource Graph's rows: what the fake built on first use answers. */
    final List<JsonNode> azure = new CopyOnWriteArrayList<>();
    private final Map<String, String> armChildren = new java.util.concurrent.ConcurrentHashMap<>();
    private FakeResourceGraph graph;
    /** The watchdog's sleeps: each waits until the hand-moved clock has moved on by as much. */
    final Sleeper watchdogSleeper = d -> clock.awaitAdvance(d);
    private Service service = Service.DEPENDENT;
    private String alsoCalling;
    private boolean down;

    ProbeRig(Path dir) {
        this.dir = dir;
        vault.clock(clock);
        vault.put(KEY, List.of(SampleKeys.rsa(1, START.minus(Duration.ofDays(60))),
                SampleKeys.rsa(2, START.minus(Duration.ofDays(1)))));
        records.add(SampleRecords.unwrap(START.minus(Duration.ofHours(1)), KEY, NEW, PRINCIPAL, 200));
        logs.records(WORKSPACE, records);
        azure.add(row(VAULT_ID, "Microsoft.KeyVault/vaults", "{\"env\": \"test\"}")
                .put("name", KEY.vaultName()));
        azure.add(row("/subscriptions/" + SUB + "/resourceGroups/rg-keys", "microsoft.resources/subscriptions/resourcegroups",
                "{}").put("name", "rg-keys"));
    }

    /** A Resource Graph row with the given tags (JSON). */
    static ObjectNode row(String id, String type, String tags) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id).put("name", id.substring(id.lastIndexOf('/') + 1)).put("type", type).put("subscriptionId", SUB);
        try {
            r.set("tags", JSON.readTree(tags));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }

    /** The ARM id of a registry entry of this rig. */
    static String idOf(String name, String type) {
        return TARGET_ID + type + "/" + name;
    }

    /**
     * Azure's row of a resource that uses the rig's key with the given principal: a storage account, or a SQL
     * server whose protector (read through ARM) names the key; any other type is described by its tags only.
     */
    ObjectNode describe(String name, String type, String tags, String principal) {
        String id = idOf(name, type);
        ObjectNode r = row(id, type, tags);
        r.putObject("identity").put("type", "SystemAssigned").put("principalId", principal);
        if (type.equalsIgnoreCase("Microsoft.Storage/storageAccounts")) {
            r.putObject("properties").putObject("encryption").put("keySource", "Microsoft.Keyvault")
                    .putObject("keyvaultproperties").put("keyvaulturi", "https://" + KEY.vaultHost() + "/")
                    .put("keyname", KEY.keyName());
            armChildren.put(id + "/encryptionScopes", "{\"value\": []}");
        } else if (type.equalsIgnoreCase("Microsoft.Sql/servers")) {
            r.putObject("properties");
            armChildren.put(id + "/encryptionProtector/current", "{\"id\": \"" + id + "/encryptionProtector/current\","
                    + " \"type\": \"Microsoft.Sql/servers/encryptionProtector\", \"properties\": {\"serverKeyType\":"
                    + " \"AzureKeyVault\", \"serverKeyName\": \"" + KEY.vaultName() + "_" + KEY.keyName() + "_" + NEW
                    + "\", \"uri\": \"https://" + KEY.vaultHost() + "/keys/" + KEY.keyName() + "/" + NEW + "\"}}");
        } else {
            r.putObject("properties");
        }
        azure.removeIf(o -> o.path("id").asText().equalsIgnoreCase(id));
        azure.add(r);
        return r;
    }

    /** The Resource Graph client the probe gets, against a fake built from {@link #azure} on first use. */
    synchronized LiveDiscovery graph() {
        if (graph == null) {
            graph = new FakeResourceGraph(List.copyOf(azure));
            armChildren.forEach(graph::child);
        }
        return new LiveDiscovery(new DummyCredential(), WireServer.trustingClient(), WireServer.retries(1),
                URI.create(graph.server().baseUrl()), d -> { });
    }

    /** Where the Resource Graph fake listens (built now from {@link #azure}). */
    String graphEndpoint() {
        graph();
        synchronized (this) {
            return graph.server().baseUrl();
        }
    }

    /** Requests that reached the Resource Graph fake (queries and ARM reads). */
    synchronized long graphRequests() {
        return graph == null ? 0 : graph.server().received().size();
    }

    ProbeRig service(Service s) {
        service = s;
        return this;
    }

    /** Another identity that unwraps with the newest version on every tick, failing while it is disabled. */
    ProbeRig alsoCalling(String principal) {
        alsoCalling = principal;
        history(SampleRecords.unwrap(START.minus(Duration.ofHours(2)), KEY, NEW, principal, 200));
        return this;
    }

    /** Adds a record to the audit history before the start; null clears the history. */
    synchronized void history(AuditRecord r) {
        if (r == null) {
            records.clear();
        } else {
            records.add(r);
        }
        logs.records(WORKSPACE, records);
    }

    /** Every request to Resource Graph and ARM is answered with {@code reply}. */
    void graphServerFails(Reply reply) {
        graphEndpoint();
        synchronized (this) {
            graph.server().failNext(r -> true, 100_000, reply);
        }
    }

    /**
     * Writes a registry: the target, plus {@code others} as extra entries (JSON objects); Azure describes the
     * target with the same tags.
     */
    Path registry(String type, String tags, String... others) {
        describe("app-test", type, tags, PRINCIPAL);
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
                + " \"resourceId\": \"" + idOf(name, type) + "\","
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
            case UNAFFECTED -> records.add(SampleRecords.unwrap(now, KEY, NEW, PRINCIPAL, 200));
            case STAYS_DOWN -> {
                if (!down) {
                    records.add(SampleRecords.unwrap(now, KEY, NEW, PRINCIPAL, enabled ? 200 : 403));
                    down = !enabled;
                }
            }
            case IDLE -> {
            }
        }
        if (alsoCalling != null) {
            records.add(SampleRecords.unwrap(now, KEY, NEW, alsoCalling, enabled ? 200 : 403));
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
                return cls == ProbeCommand.class ? cls.cast(new ProbeCommand(ProbeRig.this::sources,
                        ProbeRig.this::graph, clock, sleeper, watchdogSleeper, hooks))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        int exit = Cmkv.run(args, new PrintWriter(out), new PrintWriter(err), factory);
        return new CliEndToEndTest.Run(exit, out.toString(), err.toString());
    }

    /** Requests that reached any fake, the 401 challenges included. */
    long azureRequests() {
        return vault.server().received().size() + logs.server().received().size() + graphRequests();
    }

    /** Writes to Key Vault (PATCH: tags or enabled), and any PUT, on every fake. */
    long updates() {
        return vault.server().count(r -> r.method().equals("PATCH") || r.method().equals("PUT"));
    }

    /** The PATCHes that changed {@code attributes.enabled}. */
    long enableChanges() {
        return vault.server().count(r -> r.method().equals("PATCH") && r.body().contains("\"enabled\""));
    }

    /** The newest version was already disabled before the test's command (by a person, or a probe that died). */
    void newestDisabledBefore() {
        vault.put(KEY, List.of(SampleKeys.rsa(1, START.minus(Duration.ofDays(60))),
                SampleKeys.disabled(SampleKeys.rsa(2, START.minus(Duration.ofDays(1))))));
    }

    boolean newestEnabled() {
        return vault.version(KEY, NEW).isEnabled();
    }

    @Override
    public synchronized void close() {
        vault.close();
        logs.close();
        if (graph != null) {
            graph.close();
        }
    }
}
