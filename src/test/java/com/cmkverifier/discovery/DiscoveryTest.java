package com.cmkverifier.discovery;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.registry.RegistryReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec section 9: what discovery registers, how it names entries, and how it merges into a registry. */
class DiscoveryTest {

    static final Path DIAGNOSTICS = Path.of("src/test/resources/discovery/vault-diagnostics.json");
    static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");
    static final String SUB = "6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f";
    static final String LA_GUID = "9d3e4f5a-1b2c-4d3e-8f4a-5b6c7d8e9f0a";

    private static Discovery.Result discover(Registry existing, Path... files) {
        return Discovery.discover(DescriptionFiles.read(List.of(files)), existing, NOW);
    }

    private static Map<String, ProtectedResource> byName(Discovery.Result r) {
        return r.registry().stream().collect(Collectors.toMap(ProtectedResource::name, Function.identity()));
    }

    private static Registry registry(String json) {
        return RegistryReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMixedEstateGivesOneEntryPerCustomerManagedKeyAndLeavesMicrosoftManagedResourcesOut() {
        Discovery.Result r = discover(new Registry(List.of()), ArmTypesTest.ESTATE, DIAGNOSTICS);
        assertEquals(List.of("stcmkdata", "stuami", "stuami.key2", "des-prod-vms", "sql-billing", "sqlmi-ledger",
                        "mysql-orders", "pg-analytics", "cosmos-orders", "sb-events", "sb-events.key2", "eh-telemetry",
                        "la-cluster", "acrprod", "ai-lang", "appcs-prod", "adf-prod", "adxprod", "batchprod",
                        "redis-prod", "rsv-prod", "bv-prod", "syn-prod", "mlw-prod", "aks-prod"),
                r.registry().stream().map(ProtectedResource::name).toList());
        assertEquals(25, r.count(Discovery.Outcome.ADDED));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("des-ambiguous")), r.notes().toString());
    }

    @Test
    void entriesCarryTheAuditLogsIdentityAndTheWorkspaceGuidOfTheVaultsDiagnosticSetting() {
        Map<String, ProtectedResource> e = byName(discover(new Registry(List.of()), ArmTypesTest.ESTATE, DIAGNOSTICS));
        ProtectedResource mysql = e.get("mysql-orders");
        assertEquals(ArmTypesTest.UAMI_PRINCIPAL, mysql.principalId());
        assertEquals(ArmTypesTest.UAMI_CLIENT, mysql.clientId());
        assertTrue(mysql.identityResourceId().endsWith("/id-db"));
        assertNull(mysql.workspaceId(), "kv-cmk-db sends AuditEvent nowhere");
        assertEquals(LA_GUID, e.get("stcmkdata").workspaceId());
        assertNull(e.get("cosmos-orders").principalId(), "first-party caller: the type default applies");
        assertEquals("discovered", e.get("stcmkdata").extra().get("source"));
        assertEquals(NOW.toString(), e.get("stcmkdata").extra().get("discoveredAt"));
    }

    @Test
    void theWrittenRegistryReadsBackValid() {
        Discovery.Result r = discover(new Registry(List.of()), ArmTypesTest.ESTATE, DIAGNOSTICS);
        Registry back = registry(RegistryFiles.json(r.registry()));
        assertEquals(r.registry().size(), back.size());
    }

    @Test
    void namesThatCollideTakeTheResourceGroupThenTheSubscription(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("twins.json");
        Files.writeString(f, "[" + storage("rg-a", "sttwin", SUB) + "," + storage("rg-b", "sttwin", SUB) + ","
                + storage("rg-a", "sttwin", "0000aaaa-0000-4000-8000-000000000000") + "]");
        List<String> names = discover(new Registry(List.of()), f).registry().stream().map(ProtectedResource::name).toList();
        assertEquals(List.of("sttwin.rg-a", "sttwin.rg-b", "sttwin.rg-a.0000aaaa"), names);
    }

    @Test
    void handWrittenEntriesAreKeptExactlyAndDiscoveredOnesFollowAzure() {
        Registry existing = registry("""
                {"resources": [
                 {"name": "my-storage", "type": "Microsoft.Storage/storageAccounts",
                  "resourceId": "/subscriptions/%1$s/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stcmkdata",
                  "key": "https://kv-cmk-prod.vault.azure.net/keys/old-key", "identity": {"principalId": "11111111-1111-4111-8111-111111111111"},
                  "tags": {"owner": "team-data"}},
                 {"name": "mysql-orders", "type": "Microsoft.DBforMySQL/flexibleServers", "source": "discovered",
                  "resourceId": "/subscriptions/%1$s/resourceGroups/rg-db/providers/Microsoft.DBforMySQL/flexibleServers/mysql-orders",
                  "key": "https://kv-cmk-db.vault.azure.net/keys/mysql-old", "identity": {"principalId": "a1a1a1a1-0000-4000-8000-000000000001"},
                  "tags": {"owner": "team-db"}},
                 {"name": "pg-plain", "type": "Microsoft.DBforPostgreSQL/flexibleServers", "source": "discovered",
                  "resourceId": "/subscriptions/%1$s/resourceGroups/rg-db/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-plain",
                  "key": "https://kv-cmk-db.vault.azure.net/keys/pg-cmk", "identity": {"principalId": "a1a1a1a1-0000-4000-8000-000000000001"}},
                 {"name": "st-deleted", "type": "Microsoft.Storage/storageAccounts", "source": "discovered",
                  "resourceId": "/subscriptions/%1$s/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdeleted",
                  "key": "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk", "identity": {"principalId": "11111111-1111-4111-8111-111111111111"}}
                ]}""".formatted(SUB));
        Discovery.Result r = discover(existing, ArmTypesTest.ESTATE, DIAGNOSTICS);
        Map<String, Discovery.Outcome> outcome = r.changes().stream()
                .collect(Collectors.toMap(Discovery.Change::name, Discovery.Change::outcome));
        assertEquals(Discovery.Outcome.KEPT, outcome.get("my-storage"));
        assertEquals(Discovery.Outcome.CHANGED, outcome.get("mysql-orders"));
        assertEquals(Discovery.Outcome.REVERTED, outcome.get("pg-plain"));
        assertEquals(Discovery.Outcome.GONE, outcome.get("st-deleted"));
        Map<String, ProtectedResource> e = byName(r);
        assertEquals(existing.find("my-storage").orElseThrow(), e.get("my-storage"));
        assertTrue(!e.containsKey("stcmkdata"), "a hand-written entry covers the account: no second entry");
        assertEquals("https://kv-cmk-db.vault.azure.net/keys/mysql-cmk/0123456789abcdef0123456789abcdef",
                e.get("mysql-orders").key().url());
        assertEquals(Map.of("owner", "team-db"), e.get("mysql-orders").tags());
        assertEquals(existing.find("pg-plain").orElseThrow(), e.get("pg-plain"));
        assertEquals(existing.find("st-deleted").orElseThrow(), e.get("st-deleted"));
    }

    @Test
    void anIncompleteAnswerNeverCallsAnEntryGone(@TempDir Path dir) throws IOException {
        Path partial = dir.resolve("page1.json");
        Files.writeString(partial, "{\"data\": [" + storage("rg-a", "stother", SUB) + "], \"skip_token\": \"ew0K\"}");
        Registry existing = registry("""
                {"resources": [{"name": "st-deleted", "type": "Microsoft.Storage/storageAccounts", "source": "discovered",
                  "resourceId": "/subscriptions/%s/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdeleted",
                  "key": "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk", "identity": {"principalId": "11111111-1111-4111-8111-111111111111"}}]}
                """.formatted(SUB));
        Discovery.Result r = discover(existing, partial);
        assertEquals(0, r.count(Discovery.Outcome.GONE));
        assertTrue(r.registry().stream().anyMatch(p -> p.name().equals("st-deleted")));
    }

    static String storage(String rg, String name, String sub) {
        return """
                {"id": "/subscriptions/%3$s/resourceGroups/%1$s/providers/Microsoft.Storage/storageAccounts/%2$s",
                 "name": "%2$s", "type": "microsoft.storage/storageaccounts", "identity": {"type": "SystemAssigned",
                 "principalId": "11111111-1111-4111-8111-111111111111"},
                 "properties": {"encryption": {"keySource": "Microsoft.Keyvault", "keyvaultproperties": {
                   "keyvaulturi": "https://kv-cmk-prod.vault.azure.net", "keyname": "stg-cmk"}}}}""".formatted(rg, name, sub);
    }
}
