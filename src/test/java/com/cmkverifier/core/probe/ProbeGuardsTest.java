package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guards that run before any request: tags on the target and on every other resource of the key, --confirm. */
class ProbeGuardsTest {

    private static final String KEY = "https://kv-test.vault.azure.net/keys/app-cmk";

    private static ProtectedResource resource(String name, String key, Map<String, String> tags) {
        return new ProtectedResource(name, "Microsoft.Storage/storageAccounts", null, KeyReference.parse(key),
                "p-" + name, null, null, null, List.of(), tags, Map.of());
    }

    @Test
    void tagNamesAreCaseInsensitiveAndOnlyTestDevAndSandboxCount() {
        assertTrue(ProbeGuards.isTestEnvironment(resource("a", KEY, Map.of("Environment", "Test"))));
        assertTrue(ProbeGuards.isTestEnvironment(resource("a", KEY, Map.of("ENV", " dev "))));
        assertTrue(ProbeGuards.isTestEnvironment(resource("a", KEY, Map.of("env", "sandbox"))));
        assertFalse(ProbeGuards.isTestEnvironment(resource("a", KEY, Map.of("env", "prod"))));
        assertFalse(ProbeGuards.isTestEnvironment(resource("a", KEY, Map.of("stage", "test"))));
        assertFalse(ProbeGuards.isTestEnvironment(resource("a", KEY, Map.of("environment", "testing"))));
        assertFalse(ProbeGuards.isTestEnvironment(resource("a", KEY, Map.of())));
    }

    @Test
    void everyRefusalIsListedAtOnce() {
        ProtectedResource target = resource("app", KEY, Map.of("owner", "x"));
        ProtectedResource otherVersion = resource("pinned", KEY + "/" + "0".repeat(32), Map.of());
        ProtectedResource otherKey = resource("elsewhere", "https://kv-test.vault.azure.net/keys/other", Map.of());
        List<String> refusals = ProbeGuards.refusals(new Registry(List.of(target, otherVersion, otherKey)), target,
                "App");
        assertEquals(3, refusals.size(), refusals.toString());
        assertTrue(refusals.get(0).contains("--confirm"));
        assertTrue(refusals.get(2).contains("pinned"), "a resource on another version of the key counts");
        assertFalse(refusals.get(2).contains("elsewhere"));
    }

    @Test
    void aTaggedTargetWithTaggedNeighboursAndTheRightConfirmationPasses() {
        ProtectedResource target = resource("app", KEY, Map.of("env", "test"));
        ProtectedResource neighbour = resource("app2", KEY, Map.of("environment", "dev"));
        assertEquals(List.of(), ProbeGuards.refusals(new Registry(List.of(target, neighbour)), target, "app"));
    }

    @Test
    void oneProductionValueAnywhereOutweighsATestTag() {
        assertFalse(ProbeGuards.isTestEnvironment(Map.of("Environment", "Production", "env", "dev")));
        assertFalse(ProbeGuards.isTestEnvironment(Map.of("env", "test", "stage", "prod-eu")));
        assertFalse(ProbeGuards.isTestEnvironment(Map.of("env", "test", "traffic", "LIVE")));
        assertTrue(ProbeGuards.isTestEnvironment(Map.of("env", "test", "owner", "delivery-team")));
        ProtectedResource target = resource("app", KEY, Map.of("Environment", "Production", "env", "dev"));
        List<String> refusals = ProbeGuards.refusals(new Registry(List.of(target)), target, "app");
        assertEquals(1, refusals.size(), refusals.toString());
        assertTrue(refusals.get(0).contains("Environment=Production"), refusals.get(0));
    }

    @Test
    void theOutageMustCoverTheNoticeTimeAndStayWithinTheSelfHealWindow() {
        assertTrue(ProbeGuards.outageRefusals("Microsoft.Sql/servers", Duration.ofSeconds(1)).get(0)
                .contains("shorter than the time"));
        assertTrue(ProbeGuards.outageRefusals("Microsoft.Sql/servers", Duration.ofMinutes(31)).get(0)
                .contains("PT30M"));
        assertEquals(List.of(), ProbeGuards.outageRefusals("Microsoft.Sql/servers", Duration.ofMinutes(30)));
        assertEquals(List.of(), ProbeGuards.outageRefusals("Microsoft.Sql/servers", Duration.ofMinutes(10)));
        assertTrue(ProbeGuards.outageRefusals("Microsoft.Storage/storageAccounts", Duration.ofMinutes(30)).get(0)
                .contains("assumed"), "Storage's notice time is not documented: an hour is assumed");
    }
}
