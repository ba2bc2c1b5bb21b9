package com.cmkverifier.discovery;

import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.ResourceConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each ARM type's extraction, on an {@code az graph query} answer whose rows follow the REST API's resource bodies
 * (property casing as on the wire), with the "CMK off" variant of each type beside the CMK one.
 */
class ArmTypesTest {

    static final Path ESTATE = Path.of("src/test/resources/discovery/estate.graph.json");
    static final String UAMI_PRINCIPAL = "a1a1a1a1-0000-4000-8000-000000000001";
    static final String UAMI_CLIENT = "c1c1c1c1-0000-4000-8000-000000000001";

    private static Map<String, ResourceConfiguration> byName;
    private static AzureDescription description;

    @BeforeAll
    static void read() {
        description = DescriptionFiles.read(List.of(ESTATE));
        byName = description.configurations().stream()
                .collect(Collectors.toMap(ResourceConfiguration::name, Function.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            stcmkdata    | https://kv-cmk-prod.vault.azure.net/keys/stg-cmk                                   | 11111111-1111-4111-8111-111111111111 | -
            stuami       | https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/0123456789abcdef0123456789abcdef  | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            des-prod-vms | https://kv-cmk-prod.vault.azure.net/keys/des-cmk                                   | 22222222-2222-4222-8222-222222222222 | -
            sql-billing  | https://kv-cmk-prod.vault.azure.net/keys/sql-cmk/0123456789abcdef0123456789abcdef  | 33333333-3333-4333-8333-333333333333 | -
            sqlmi-ledger | https://kv-cmk-prod.vault.azure.net/keys/mi-cmk                                    | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            mysql-orders | https://kv-cmk-db.vault.azure.net/keys/mysql-cmk/0123456789abcdef0123456789abcdef  | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            pg-analytics | https://kv-cmk-db.vault.azure.net/keys/pg-cmk                                      | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            cosmos-orders| https://kv-cmk-prod.vault.azure.net/keys/cosmos-cmk                                | -                                    | -
            eh-telemetry | https://kv-cmk-prod.vault.azure.net/keys/eh-cmk                                    | 55555555-5555-4555-8555-555555555555 | -
            la-cluster   | https://kv-cmk-prod.vault.azure.net/keys/la-cmk                                    | 66666666-6666-4666-8666-666666666666 | -
            acrprod      | https://kv-cmk-prod.vault.azure.net/keys/acr-cmk                                   | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            ai-lang      | https://kv-cmk-prod.vault.azure.net/keys/ai-cmk/0123456789abcdef0123456789abcdef   | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            appcs-prod   | https://kv-cmk-prod.vault.azure.net/keys/appcs-cmk                                 | 77777777-7777-4777-8777-777777777777 | -
            adf-prod     | https://kv-cmk-prod.vault.azure.net/keys/adf-cmk/0123456789abcdef0123456789abcdef  | 88888888-8888-4888-8888-888888888888 | -
            adxprod      | https://kv-cmk-prod.vault.azure.net/keys/adx-cmk                                   | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            batchprod    | https://kv-cmk-prod.vault.azure.net/keys/batch-cmk/0123456789abcdef0123456789abcdef| 99999999-9999-4999-8999-999999999999 | -
            redis-prod   | https://kv-cmk-prod.vault.azure.net/keys/redis-cmk                                 | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            rsv-prod     | https://kv-cmk-prod.vault.azure.net/keys/rsv-cmk                                   | aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa | -
            bv-prod      | https://kv-cmk-prod.vault.azure.net/keys/bv-cmk                                    | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            syn-prod     | https://kv-cmk-prod.vault.azure.net/keys/syn-cmk                                   | bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb | -
            mlw-prod     | https://kv-cmk-prod.vault.azure.net/keys/ml-cmk/0123456789abcdef0123456789abcdef   | cccccccc-cccc-4ccc-8ccc-cccccccccccc | -
            aks-prod     | https://kv-cmk-prod.vault.azure.net/keys/aks-kms/0123456789abcdef0123456789abcdef  | a1a1a1a1-0000-4000-8000-000000000001 | c1c1c1c1-0000-4000-8000-000000000001
            """)
    void readsTheKeyAndTheIdentityTheAuditLogWillShow(String name, String key, String principalId, String clientId) {
        ResourceConfiguration c = byName.get(name);
        assertTrue(c.customerManaged(), name);
        ConfiguredKey k = c.keys().get(0);
        assertEquals(key, k.key().url());
        assertEquals(principalId, k.principalId());
        assertEquals(clientId, k.clientId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"stplain", "sql-legacy", "pg-plain", "cosmos-plain", "eh-plain", "la-cluster-mmk", "acrplain",
            "ai-plain", "appcs-plain"})
    void microsoftManagedKeysAreCmkOff(String name) {
        ResourceConfiguration c = byName.get(name);
        assertFalse(c.customerManaged(), name);
        assertTrue(c.keys().isEmpty());
    }

    @Test
    void aUserAssignedIdentityCarriesItsResourceIdAndBothIds() {
        ConfiguredKey k = byName.get("mysql-orders").keys().get(0);
        assertTrue(k.identityResourceId().endsWith("/userAssignedIdentities/id-db"));
    }

    @Test
    void serviceBusGivesOneKeyPerKeyVaultProperty() {
        List<String> keys = byName.get("sb-events").keys().stream().map(k -> k.key().url()).toList();
        assertEquals(List.of("https://kv-cmk-prod.vault.azure.net/keys/sb-cmk", "https://kv-cmk-dr.vault.azure.net/keys/sb-cmk-2"),
                keys);
    }

    @Test
    void anEncryptionScopeReadThroughArmAddsItsKeyWithTheAccountsIdentity() {
        List<ConfiguredKey> keys = byName.get("stuami").keys();
        assertEquals("https://kv-cmk-fin.vault.azure.net/keys/fin-cmk", keys.get(1).key().url());
        assertEquals(UAMI_PRINCIPAL, keys.get(1).principalId());
    }

    @Test
    void postgresReportsAnInvalidKeyStatusAsLostAccess() {
        assertEquals("primaryEncryptionKeyStatus is Invalid", byName.get("pg-analytics").keyAccessProblem());
        assertNull(byName.get("cosmos-orders").keyAccessProblem());
    }

    @Test
    void aDiskEncryptionSetWithSeveralUserAssignedIdentitiesNamesNone() {
        assertTrue(byName.get("des-ambiguous").keys().get(0).firstPartyCaller());
    }

    @Test
    void everyTypeOfTheCatalogueIsCoveredByTheEstate() {
        for (var t : ArmTypes.ALL) {
            assertTrue(byName.values().stream().anyMatch(c -> c.type().equals(t.type())), t.type());
        }
    }

    @Test
    void theResourceGraphQueryAsksForEveryTypeOfTheCatalogueAndProjectsId() throws java.io.IOException {
        String kql = java.nio.file.Files.readString(Path.of("docs/kql/discovery-resources.kql")).toLowerCase();
        for (var t : ArmTypes.ALL) {
            assertTrue(kql.contains("'" + t.type().toLowerCase() + "'"), t.type());
        }
        assertTrue(kql.contains("| project id,"), "without id Resource Graph cannot page");
    }

    @Test
    void vaultDiagnosticSettingsResolveTheWorkspaceGuid() {
        AzureDescription d = DescriptionFiles.read(List.of(ESTATE,
                Path.of("src/test/resources/discovery/vault-diagnostics.json")));
        var prod = d.routing().stream().filter(r -> r.vaultName().equals("kv-cmk-prod")).findFirst().orElseThrow();
        assertEquals("9d3e4f5a-1b2c-4d3e-8f4a-5b6c7d8e9f0a", prod.destinations().get(0).workspaceId());
        var db = d.routing().stream().filter(r -> r.vaultName().equals("kv-cmk-db")).findFirst().orElseThrow();
        assertTrue(db.destinations().isEmpty(), "a disabled AuditEvent category sends nothing");
    }
}
