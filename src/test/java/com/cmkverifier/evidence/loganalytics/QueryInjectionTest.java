package com.cmkverifier.evidence.loganalytics;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.KEY;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.WINDOW;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.WS1;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hostile registry values never change what a query means: a resource whose workspace id, vault or key name
 * breaks its strict pattern is left out with an issue, and the queries sent are exactly those of the honest
 * resources alone.
 */
class QueryInjectionTest {

    private List<String> queriesSentFor(List<ProtectedResource> resources, int[] issues) {
        try (FakeLogAnalytics fresh = new FakeLogAnalytics()) {
            AuditActivity a = LogAnalyticsAuditLogSourceTest.source(fresh, 200, Duration.ofMinutes(3), 0)
                    .read(resources, WINDOW);
            issues[0] = a.issues().size();
            return fresh.queryTexts();
        }
    }

    private void assertQueriesUnchangedBy(ProtectedResource hostile) {
        ProtectedResource honest = resource("honest", KEY, WS1);
        int[] issues = new int[1];
        List<String> expected = queriesSentFor(List.of(honest), issues);

        List<String> actual = queriesSentFor(List.of(honest, hostile), issues);

        assertEquals(expected, actual);
        assertEquals(1, issues[0], "the hostile resource is reported, not queried");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stg\"]); AzureDiagnostics | take 1 //", "a|b", "x\n| take 1", "k//c", "ключ",
            "stg-cmk' or 1==1", "stg-cmk\"", "a\\\"b", "stg-cmk\u2028x"})
    void hostileKeyNameIsNotQueried(String name) {
        assertQueriesUnchangedBy(resource("hostile", new KeyReference("kv-a.vault.azure.net", name, null), WS1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv-a\"]).vault.azure.net", "kv-\u0430.vault.azure.net", "kv-a.vault.azure.net.evil.io",
            "kv a.vault.azure.net", "kv-a|x.vault.azure.net"})
    void hostileVaultHostIsNotQueried(String host) {
        assertQueriesUnchangedBy(resource("hostile", new KeyReference(host, "stg-cmk", null), WS1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"11111111-1111-1111-1111-111111111111\" | take 1", "../workspaces/x",
            "11111111-1111-1111-1111-11111111111\u0661"})
    void hostileWorkspaceIdIsNotQueried(String workspaceId) {
        assertQueriesUnchangedBy(resource("hostile", KEY, workspaceId));
    }
}
