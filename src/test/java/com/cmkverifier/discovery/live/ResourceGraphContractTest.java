package com.cmkverifier.discovery.live;

import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeResourceGraph;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live configuration source against a Resource Graph fake that answers as the documented service does: its KQL
 * subset, its per-user quota, its AccessDenied, and answers that hold only what the caller may read. Request counts
 * are pinned: they are the quota arithmetic of docs/live-azure.md.
 */
class ResourceGraphContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = "https://kv-cmk-prod.vault.azure.net/keys/des-cmk";
    private static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");
    private static final Window WINDOW = Window.ending(AT, Duration.ofHours(24));

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    private LiveConfigurationSource source(FakeResourceGraph fake) {
        return new LiveConfigurationSource(new LiveDiscovery(new DummyCredential(), WireServer.trustingClient(),
                WireServer.retries(1), URI.create(fake.server().baseUrl()), d -> {
                    sleeps.add(d);
                    fake.quota().advance(d);
                }));
    }

    private static String sub(int s) {
        return String.format("%08d-0000-4000-8000-000000000000", s);
    }

    /** Disk encryption sets {@code from} to {@code to - 1}, spread over {@code subscriptions}, on a customer key. */
    private static List<JsonNode> rows(int from, int to, int subscriptions) {
        List<JsonNode> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            ObjectNode r = MAPPER.createObjectNode();
            String name = String.format("des-%06d", i);
            String sub = sub(i % subscriptions);
            r.put("id", "/subscriptions/" + sub + "/resourceGroups/rg-vm/providers/Microsoft.Compute/diskEncryptionSets/" + name);
            r.put("name", name).put("type", "microsoft.compute/diskencryptionsets").put("subscriptionId", sub);
            r.putObject("identity").put("type", "SystemAssigned").put("principalId", principal(i));
            r.putObject("properties").put("rotationToLatestKeyVersionEnabled", true).putObject("activeKey")
                    .put("keyUrl", KEY + "/0123456789abcdef0123456789abcdef");
            rows.add(r);
        }
        return rows;
    }

    private static String principal(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    private static List<ProtectedResource> registered(List<JsonNode> rows) {
        return rows.stream().map(r -> new ProtectedResource(r.get("name").asText(), "Microsoft.Compute/diskEncryptionSets",
                r.get("id").asText(), KeyReference.parse(KEY), r.at("/identity/principalId").asText(), null, null, null,
                null, null, null)).toList();
    }

    private static List<String> texts(FakeResourceGraph fake) {
        return fake.server().received().stream().filter(r -> r.path().equals(FakeResourceGraph.QUERY_PATH))
                .map(r -> MAPPER.valueToTree(parse(r.body())).path("query").asText()).toList();
    }

    private static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLargeEstateIsReadByTypeInAQuarterOfTheQueriesOfIdBatchesWithinTheQuota() {
        // 16,000 registered disk encryption sets and 3,000 more of the same type, over 10 subscriptions.
        List<JsonNode> all = rows(0, 19_000, 10);
        List<ProtectedResource> mine = registered(all.subList(0, 16_000));
        try (FakeResourceGraph fake = new FakeResourceGraph(all)) {
            var configuration = source(fake).describe(mine);
            // Id batches: 16,000 / 200 = 80 queries. By type: 19,000 rows + 10 subscription rows = 20 pages.
            assertEquals(20, fake.queries());
            assertTrue(texts(fake).stream().allMatch(t -> t.contains("type in~ ('microsoft.compute/diskencryptionsets')")));
            assertEquals(Set.of(), fake.refusals());
            assertEquals(0, fake.quota().throttled(), "the client waits when the quota headers say none is left");
            assertEquals(List.of(Duration.ofSeconds(5)), sleeps, "15 queries, a wait for the window, then 5");
            assertEquals(16_000, configuration.resources().size(), "only the registered resources are described");
            assertTrue(mine.stream().allMatch(r -> configuration.resource(r.resourceId()).isPresent()));
        }
    }

    @Test
    void aSmallCallAsksByIdInOneQuery() {
        List<JsonNode> all = rows(0, 3_000, 1);
        try (FakeResourceGraph fake = new FakeResourceGraph(all)) {
            var configuration = source(fake).describe(registered(all.subList(0, 1)));
            assertEquals(1, fake.queries());
            assertTrue(texts(fake).get(0).contains("| where id in~ ('/subscriptions/"), texts(fake).get(0));
            assertEquals(1, configuration.resources().size());
        }
    }

    @Test
    void whenTypesHoldFarMoreThanTheRegisteredOnesTheFirstPageSwitchesToIdBatches() {
        // 400 registered among 5,000 of their type: by type 6 pages, by id 2 batches; the first page tells.
        List<JsonNode> all = rows(0, 5_000, 1);
        try (FakeResourceGraph fake = new FakeResourceGraph(all)) {
            var configuration = source(fake).describe(registered(all.subList(0, 400)));
            List<String> texts = texts(fake);
            assertEquals(3, texts.size(), "one by-type page, then two id batches");
            assertTrue(texts.get(0).contains("type in~ ("), texts.get(0));
            assertTrue(texts.get(1).contains("| where id in~ (") && texts.get(2).contains("| where id in~ ("));
            assertEquals(400, configuration.resources().size());
        }
    }

    @Test
    void byTypeTheArmReadsAreStillOnlyForTheRegisteredResources() {
        // 300 registered SQL servers among 400: by type one page (401 rows) instead of 2 id batches.
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ObjectNode r = MAPPER.createObjectNode();
            String name = String.format("sql-%04d", i);
            r.put("id", "/subscriptions/" + sub(0) + "/resourceGroups/rg-db/providers/Microsoft.Sql/servers/" + name);
            r.put("name", name).put("type", "microsoft.sql/servers").put("subscriptionId", sub(0));
            r.putObject("identity").put("type", "SystemAssigned").put("principalId", principal(i));
            all.add(r);
        }
        List<ProtectedResource> mine = all.subList(0, 300).stream().map(r -> new ProtectedResource(
                r.get("name").asText(), "Microsoft.Sql/servers", r.get("id").asText(), KeyReference.parse(KEY),
                principal(0), null, null, null, null, null, null)).toList();
        try (FakeResourceGraph fake = new FakeResourceGraph(all)) {
            source(fake).describe(mine);
            assertEquals(1, fake.queries());
            assertEquals(300, fake.server().count(r -> r.path().endsWith("/encryptionProtector/current")));
        }
    }

    @Test
    void aResourceInASubscriptionTheVerifierCannotReadIsNotVisibleNotGone() {
        List<JsonNode> all = rows(0, 4, 2);
        List<ProtectedResource> mine = registered(all);
        String deleted = mine.get(0).resourceId();
        String unreadable = mine.get(1).resourceId();
        try (FakeResourceGraph fake = new FakeResourceGraph(all.subList(1, 4))) {
            fake.hideSubscription(sub(1));
            var configuration = source(fake).describe(mine);
            assertTrue(configuration.judgesAbsence(deleted) && configuration.notVisible(deleted).isEmpty(),
                    "its subscription's own row came back: the resource is gone");
            assertFalse(configuration.judgesAbsence(unreadable));
            assertTrue(configuration.notVisible(unreadable).orElseThrow().contains("not visible to the verifier"));

            Map<String, Verdict> verdicts = verify(fake, mine);
            assertEquals(VerdictStatus.VERIFIED, verdicts.get(mine.get(2).name()).status(), verdicts.get(mine.get(2).name()).toString());
            Verdict gone = verdicts.get(mine.get(0).name());
            assertTrue(codes(gone).contains(FindingCode.RESOURCE_NOT_FOUND), gone.toString());
            Verdict hidden = verdicts.get(mine.get(1).name());
            assertEquals(VerdictStatus.INCONCLUSIVE, hidden.status(), hidden.toString());
            assertFalse(codes(hidden).contains(FindingCode.RESOURCE_NOT_FOUND), hidden.toString());
            assertTrue(hidden.findings().stream().anyMatch(f -> f.code() == FindingCode.SOURCE_INCOMPLETE
                    && f.message().contains("not visible to the verifier") && f.message().contains("Reader")), hidden.toString());
        }
    }

    @Test
    void accessDeniedIsInconclusiveNamingTheReaderRoleOnTheScope() {
        List<JsonNode> all = rows(0, 2, 1);
        List<ProtectedResource> mine = registered(all);
        try (FakeResourceGraph fake = new FakeResourceGraph(all)) {
            fake.denyAccess();
            DiscoveryFailedException e = assertThrows(DiscoveryFailedException.class, () -> source(fake).describe(mine));
            assertTrue(e.getMessage().contains("AccessDenied") && e.getMessage().contains("Reader role on the"
                    + " subscriptions or management group"), e.getMessage());
            for (Verdict v : verify(fake, mine).values()) {
                assertEquals(VerdictStatus.INCONCLUSIVE, v.status(), v.toString());
                assertTrue(v.findings().stream().anyMatch(f -> f.code() == FindingCode.SOURCE_INCOMPLETE
                        && f.message().contains("Reader role on the subscriptions or management group")
                        && !f.message().contains("needs the Key Vault Reader")), v.toString());
            }
        }
    }

    /** Verdicts with healthy key use and key metadata, so that only Azure's configuration decides. */
    private Map<String, Verdict> verify(FakeResourceGraph fake, List<ProtectedResource> resources) {
        KeyId key = new KeyId("kv-cmk-prod.vault.azure.net", "des-cmk");
        var version = SampleKeys.rsa(1, AT.minus(Duration.ofDays(30)));
        VerificationService service = new VerificationService((rs, w) -> {
            AuditActivityBuilder b = new AuditActivityBuilder(w, k -> true);
            for (ProtectedResource r : rs) {
                b.accept(new AuditRecord(AT.minus(Duration.ofHours(1)), "KeyUnwrap", 200, "OK", "", "kv-cmk-prod",
                        key, version.version(), new Caller(r.principalId(), null, null)));
            }
            return b.build();
        }, (k, pinned) -> new KeyLookup.Found(List.of(version), true), VerificationSettings.DEFAULTS, source(fake));
        return service.verify(new Registry(resources), resources, WINDOW, AT).verdicts().stream()
                .collect(Collectors.toMap(Verdict::resource, Function.identity()));
    }

    private static Set<FindingCode> codes(Verdict v) {
        return v.findings().stream().map(f -> f.code()).collect(Collectors.toSet());
    }
}
