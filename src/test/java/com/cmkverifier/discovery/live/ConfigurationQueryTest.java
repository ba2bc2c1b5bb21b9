package com.cmkverifier.discovery.live;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anything that reaches KQL is validated first: only ARM ids, vault names, subscription ids and resource types, only
 * where the query file's placeholders stand; no {@code let} (Resource Graph refuses it).
 */
class ConfigurationQueryTest {

    private static final String SUB = "6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f";
    private static final String ID = "/subscriptions/" + SUB + "/resourceGroups/rg-a"
            + "/providers/Microsoft.Storage/storageAccounts/st1";
    private static final String TEMPLATE = """
            // comment
            resources
            | where id in~ ('{ids}') or name in~ ('{vaults}')
            | union (resourcecontainers | where subscriptionId in~ ('{subscriptions}'))
            """;

    @Test
    void writesLowerCaseLiteralsWhereThePlaceholdersStandAndDropsComments() {
        String q = ConfigurationQuery.byId(TEMPLATE, List.of(ID, ID.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")),
                Set.of("kv-cmk-prod"), Set.of(SUB));
        assertEquals("""
                resources
                | where id in~ ('%s') or name in~ ('kv-cmk-prod')
                | union (resourcecontainers | where subscriptionId in~ ('%s'))
                """.formatted(ID.toLowerCase(), SUB), q);
    }

    @Test
    void anEmptyListMatchesNothingInsteadOfBreakingTheQuery() {
        String q = ConfigurationQuery.byId(TEMPLATE, List.of(), Set.of("kv-a"), Set.of());
        assertTrue(q.contains("id in~ ('')") && q.contains("subscriptionId in~ ('')"), q);
    }

    @Test
    void refusesAnythingOutsideEachAlphabet() {
        for (String hostile : List.of(ID + "') | union (resources", ID + "\n| take 1", "/subscriptions/x/'")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConfigurationQuery.byId(TEMPLATE, List.of(hostile), Set.of(), Set.of()));
            assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ConfigurationQuery.byId(TEMPLATE, List.of(), Set.of("kv'x"), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> ConfigurationQuery.byId(TEMPLATE, List.of(), Set.of(), Set.of(SUB + "'")));
        assertThrows(IllegalArgumentException.class, () -> ConfigurationQuery.bySubscription(
                "where subscriptionId in~ ('{subscriptions}') and type in~ ('{types}') or name in~ ('{vaults}')",
                Set.of(SUB), Set.of("microsoft.storage/storageaccounts') or ('x"), Set.of()));
    }

    @Test
    void aTemplateAndItsValuesMustAgree() {
        assertThrows(IllegalStateException.class, () -> ConfigurationQuery.bySubscription(TEMPLATE, Set.of(SUB),
                Set.of("microsoft.storage/storageaccounts"), Set.of()));
    }

    @Test
    void theShippedQueriesBindWithoutLet() throws IOException {
        String byId = ConfigurationQuery.byId(Files.readString(Path.of("docs/kql/configuration-by-id.kql")),
                List.of(ID), Set.of("kv-cmk-prod"), Set.of(SUB));
        String byType = ConfigurationQuery.bySubscription(
                Files.readString(Path.of("docs/kql/configuration-by-subscription.kql")), Set.of(SUB),
                Set.of("microsoft.storage/storageaccounts"), Set.of("kv-cmk-prod"));
        for (String q : List.of(byId, byType)) {
            assertFalse(q.contains("let ") || q.contains("{") || q.contains("//"), q);
            assertTrue(q.startsWith("resources\n| where "), q);
        }
        assertTrue(byId.contains("id in~ ('" + ID.toLowerCase() + "')"), byId);
        assertTrue(byType.contains("type in~ ('microsoft.storage/storageaccounts')"), byType);
    }
}
