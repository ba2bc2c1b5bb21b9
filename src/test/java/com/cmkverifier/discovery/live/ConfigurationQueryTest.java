package com.cmkverifier.discovery.live;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anything that reaches KQL is validated first: only ARM ids and vault names, only in the let lines. */
class ConfigurationQueryTest {

    private static final String TEMPLATE = """
            // comment
            let ids = dynamic(['x']);
            let vaults = dynamic(['y']);
            resources
            | where id in~ (ids)
            """;
    private static final String ID = "/subscriptions/6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f/resourceGroups/rg-a"
            + "/providers/Microsoft.Storage/storageAccounts/st1";

    @Test
    void bindsLowerCaseLiteralsIntoTheLetLinesAndChangesNothingElse() {
        String q = ConfigurationQuery.bind(TEMPLATE, List.of(ID), List.of("kv-cmk-prod"));
        assertEquals(TEMPLATE.replace("dynamic(['x'])", "dynamic(['" + ID.toLowerCase() + "'])")
                .replace("dynamic(['y'])", "dynamic(['kv-cmk-prod'])"), q);
    }

    @Test
    void refusesAnythingOutsideTheArmIdAlphabet() {
        for (String hostile : List.of(ID + "']) | union (resources", ID + "\n| take 1", "/subscriptions/x/'")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConfigurationQuery.bind(TEMPLATE, List.of(hostile), List.of()));
            assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ConfigurationQuery.bind(TEMPLATE, List.of(), List.of("kv'x")));
    }

    @Test
    void theShippedQueryBindsAndKeepsItsShape() throws java.io.IOException {
        String shipped = java.nio.file.Files.readString(java.nio.file.Path.of("docs/kql/configuration-by-id.kql"));
        String q = ConfigurationQuery.bind(shipped, List.of(ID), List.of("kv-cmk-prod"));
        assertTrue(q.contains("let ids = dynamic(['" + ID.toLowerCase() + "']);"), q);
        assertTrue(q.contains("let vaults = dynamic(['kv-cmk-prod']);"), q);
        assertEquals(shipped.lines().count(), q.lines().count());
    }
}
