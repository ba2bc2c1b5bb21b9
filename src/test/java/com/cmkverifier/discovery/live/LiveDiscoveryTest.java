package com.cmkverifier.discovery.live;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.discovery.AzureDescription;
import com.cmkverifier.discovery.DescriptionFiles;
import com.cmkverifier.discovery.Discovery;
import com.cmkverifier.discovery.RegistryFiles;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeResourceGraph;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Resource Graph client and ARM pipeline against a local HTTPS fake answering the REST wire shapes. */
class LiveDiscoveryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUB = "6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f";
    private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");

    private static final java.util.Comparator<ProtectedResource> BY_NAME = java.util.Comparator.comparing(ProtectedResource::name);

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final DummyCredential credential = new DummyCredential();

    private LiveDiscovery client(FakeResourceGraph fake) {
        return new LiveDiscovery(credential, WireServer.trustingClient(), WireServer.retries(1),
                URI.create(fake.server().baseUrl()), d -> {
                    sleeps.add(d);
                    fake.quota().advance(d);
                });
    }

    private static List<JsonNode> diskEncryptionSets(int n) {
        List<JsonNode> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectNode r = MAPPER.createObjectNode();
            String name = String.format("des-%05d", i);
            r.put("id", "/subscriptions/" + SUB + "/resourceGroups/rg-vm/providers/Microsoft.Compute/diskEncryptionSets/" + name);
            r.put("name", name).put("type", "microsoft.compute/diskencryptionsets").put("subscriptionId", SUB);
            r.putObject("identity").put("type", "SystemAssigned")
                    .put("principalId", String.format("00000000-0000-4000-8000-%012d", i));
            r.putObject("properties").put("rotationToLatestKeyVersionEnabled", true).putObject("activeKey")
                    .put("keyUrl", "https://kv-cmk-prod.vault.azure.net/keys/des-cmk/0123456789abcdef0123456789abcdef");
            rows.add(r);
        }
        return rows;
    }

    private static JsonNode options(String body) {
        try {
            return MAPPER.readTree(body).path("options");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void tenThousandRowsArriveInTenPagesFollowingTheSkipToken() {
        // 9,999 resources and their subscription's own row.
        try (FakeResourceGraph fake = new FakeResourceGraph(diskEncryptionSets(9_999))) {
            AzureDescription d = client(fake).describe(DiscoveryScope.parse(List.of(SUB)));
            assertEquals(10, fake.queries());
            var queries = fake.server().received().stream()
                    .filter(r -> r.path().equals(FakeResourceGraph.QUERY_PATH)).toList();
            assertTrue(queries.stream().allMatch(r -> r.query().contains("api-version=2021-03-01") && r.authenticated()));
            assertEquals(1000, options(queries.get(0).body()).path("$top").asInt());
            assertTrue(options(queries.get(0).body()).path("$skipToken").isMissingNode());
            assertTrue(queries.stream().skip(1).allMatch(r -> options(r.body()).hasNonNull("$skipToken")));
            assertTrue(queries.get(0).body().contains(SUB), "the scope travels with every page");
            assertEquals(List.of(List.of(fake.server().baseUrl() + "/.default")), credential.scopesRequested().stream()
                    .distinct().toList());
            Discovery.Result r = Discovery.discover(d, new Registry(List.of()), NOW);
            assertEquals(9_999, r.count(Discovery.Outcome.ADDED));
            assertEquals(0, fake.server().count(x -> x.method().equals("GET")), "disk encryption sets need no ARM read");
        }
    }

    @Test
    void anExhaustedQuotaWaitsForItsResetBeforeTheNextPage() {
        try (FakeResourceGraph fake = new FakeResourceGraph(diskEncryptionSets(4_999))) {
            fake.quotaExhaustedAfter(2);
            fake.quotaExhaustedAfter(4);
            fake.quotaExhaustedAfter(5);
            client(fake).describe(DiscoveryScope.parse(List.of(SUB)));
            assertEquals(5, fake.queries());
            // Page 5 is the last: no next query, so nothing to wait for.
            assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), sleeps);
        }
    }

    @Test
    void aFailingPageLeavesTheRegistryFileUntouched(@TempDir Path dir) throws IOException {
        Path registry = dir.resolve("registry.json");
        Files.writeString(registry, "{\"resources\": []}\n");
        byte[] before = Files.readAllBytes(registry);
        try (FakeResourceGraph fake = new FakeResourceGraph(diskEncryptionSets(5_000))) {
            fake.server().failNext(r -> r.path().equals(FakeResourceGraph.QUERY_PATH) && fake.queries() >= 4, 10, Reply.error(500, "InternalServerError", "backend unavailable"));
            LiveDiscovery live = client(fake);
            DiscoveryFailedException e = assertThrows(DiscoveryFailedException.class, () -> RegistryFiles.discoverInto(
                    registry, registry, () -> live.describe(DiscoveryScope.parse(List.of(SUB))), NOW));
            assertTrue(e.getMessage().contains("page 4"), e.getMessage());
            assertEquals(5, fake.queries(), "pages 1-3, then page 4 and its one retry");
        }
        assertArrayEquals(before, Files.readAllBytes(registry));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void armReadsAddWhatResourceGraphLacksAndLiveAgreesWithTheExport() throws IOException {
        Path estate = Path.of("src/test/resources/discovery/estate.graph.json");
        List<JsonNode> rows = new ArrayList<>();
        List<JsonNode> children = new ArrayList<>();
        MAPPER.readTree(estate.toFile()).get("data").forEach(r -> (r.get("type").asText().toLowerCase()
                .matches(".*/(encryptionprotector|encryptionscopes)") ? children : rows).add(r));
        try (FakeResourceGraph fake = new FakeResourceGraph(rows)) {
            for (JsonNode c : children) {
                String id = c.get("id").asText();
                if (id.contains("/encryptionScopes/")) {
                    fake.child(id.substring(0, id.indexOf("/scope-")), "{\"value\": [" + c + "]}");
                } else {
                    fake.child(id, c.toString());
                }
            }
            String vault = "/subscriptions/" + SUB + "/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-cmk-prod";
            JsonNode diag = MAPPER.readTree(Path.of("src/test/resources/discovery/vault-diagnostics.json").toFile());
            fake.child(vault + "/providers/Microsoft.Insights/diagnosticSettings", "{\"value\": [" + diag.get(0) + "]}");

            AzureDescription live = client(fake).describe(DiscoveryScope.parse(List.of(SUB)));
            List<ProtectedResource> fromLive = Discovery.discover(live, new Registry(List.of()), NOW).registry();
            List<ProtectedResource> fromFiles = Discovery.discover(DescriptionFiles.read(List.of(estate,
                    Path.of("src/test/resources/discovery/vault-diagnostics.json"))), new Registry(List.of()), NOW).registry();
            // Resource Graph answers in id order (the query's order by), the export in its own.
            assertEquals(fromFiles.stream().filter(p -> !p.key().vaultName().equals("kv-cmk-db")).sorted(BY_NAME).toList(),
                    fromLive.stream().filter(p -> !p.key().vaultName().equals("kv-cmk-db")).sorted(BY_NAME).toList());
            assertEquals(3, fake.server().count(r -> r.path().endsWith("/encryptionProtector/current")));
            assertEquals(2, fake.server().count(r -> r.path().endsWith("/encryptionScopes")));
            assertEquals(1, fake.server().count(r -> r.path().endsWith("/diagnosticSettings")));
            assertEquals(1, fake.queries());
        }
    }

    @Test
    void verificationReadsConfigurationWithOneQueryPerBatchOfResources() {
        List<JsonNode> rows = diskEncryptionSets(450);
        List<ProtectedResource> registered = rows.stream().map(r -> new ProtectedResource(r.get("name").asText(),
                "Microsoft.Compute/diskEncryptionSets", r.get("id").asText(),
                com.cmkverifier.core.model.KeyReference.parse("https://kv-cmk-prod.vault.azure.net/keys/des-cmk"),
                r.at("/identity/principalId").asText(), null, null, null, null, null, null)).toList();
        String gone = rows.remove(17).get("id").asText();
        try (FakeResourceGraph fake = new FakeResourceGraph(rows)) {
            var configuration = new LiveConfigurationSource(client(fake)).describe(registered);
            assertEquals(1, fake.queries(), "450 resources would take 3 batches of 200 ids; by type, one page");
            assertEquals(Set.of(), fake.refusals(), "Resource Graph's KQL subset");
            assertEquals(449, configuration.resources().size());
            assertTrue(configuration.resource(gone).isEmpty() && configuration.judgesAbsence(gone),
                    "asked by id and not answered: gone");
            assertTrue(configuration.resource(registered.get(0).resourceId()).orElseThrow().customerManaged());
        }
    }

    @Test
    void discoveryKeepsAnEntryOfASubscriptionItCannotReadAndCallsItNotVisibleNotGone() {
        String other = "0a1b2c3d-0000-4000-8000-00000000beef";
        List<JsonNode> rows = diskEncryptionSets(3);
        AzureDescription first = new AzureDescription();
        first.scopedAnswer("export", rows);
        List<ProtectedResource> registry = Discovery.discover(first, new Registry(List.of()), NOW).registry();
        String gone = rows.get(0).get("id").asText();
        ProtectedResource unreadable = new ProtectedResource("des-other", "Microsoft.Compute/diskEncryptionSets",
                "/subscriptions/" + other + "/resourceGroups/rg-vm/providers/Microsoft.Compute/diskEncryptionSets/des-other",
                com.cmkverifier.core.model.KeyReference.parse("https://kv-cmk-prod.vault.azure.net/keys/des-cmk"),
                "00000000-0000-4000-8000-00000000beef", null, null, null, null, null,
                java.util.Map.of("source", "discovered"));
        List<ProtectedResource> entries = new ArrayList<>(registry);
        entries.add(unreadable);
        try (FakeResourceGraph fake = new FakeResourceGraph(rows.subList(1, 3))) {
            fake.hideSubscription(other);
            AzureDescription d = client(fake).describe(DiscoveryScope.parse(List.of(SUB, other)));
            Discovery.Result r = Discovery.discover(d, new Registry(entries), NOW);
            var byId = new java.util.HashMap<String, Discovery.Change>();
            r.changes().forEach(c -> byId.put(c.resourceId(), c));
            assertEquals(Discovery.Outcome.GONE, byId.get(gone).outcome(), "its subscription's own row came back");
            assertEquals(Discovery.Outcome.KEPT, byId.get(unreadable.resourceId()).outcome());
            assertTrue(byId.get(unreadable.resourceId()).detail().contains("not visible to the verifier"),
                    byId.get(unreadable.resourceId()).toString());
            assertEquals(Set.of(), fake.refusals());
        }
    }
}
