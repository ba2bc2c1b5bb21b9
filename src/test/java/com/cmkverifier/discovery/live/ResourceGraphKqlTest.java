package com.cmkverifier.discovery.live;

import com.cmkverifier.discovery.ArmTypes;
import com.cmkverifier.testing.KqlCheck;
import com.cmkverifier.testing.KqlCheck.Query;
import com.cmkverifier.testing.KqlCheck.Result;
import com.cmkverifier.testing.wire.ResourceGraphLanguage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Resource Graph text the product sends, as bound for a full batch and a full subscription group, through
 * Kusto.Language (parser, analyzer against the resourcegraph tables, and a walk of the syntax tree for Resource
 * Graph's KQL subset) and through the fake's door. The shipped files themselves are checked by KqlAnalyzerTest
 * (their {@code kql-check: database=resourcegraph} line turns the subset on). Broken texts prove the check bites,
 * where the analyzer alone does not.
 */
class ResourceGraphKqlTest {

    private static final List<String> COLUMNS = List.of("id:string", "name:string", "type:string", "location:string",
            "resourceGroup:string", "subscriptionId:string", "identity:dynamic", "properties:dynamic");
    private static final String VAULT_SUBSCRIPTIONS = "sent: the vaults' subscriptions, full batch";
    private static final Map<String, Result> RESULTS = new LinkedHashMap<>();
    private static final Map<String, String> SENT = new LinkedHashMap<>();
    private static final Map<String, String> BROKEN = new LinkedHashMap<>();

    private static String sub(int i) {
        return String.format("%08x-0000-4000-8000-%012d", i, i);
    }

    @BeforeAll
    static void analyse() throws IOException {
        List<String> ids = new ArrayList<>();
        Set<String> vaults = new TreeSet<>();
        Set<String> subs = new TreeSet<>();
        for (int i = 0; i < LiveConfigurationSource.BATCH; i++) {
            // Long ids, as real ones can be: the text for a full batch is the largest the product sends.
            ids.add("/subscriptions/" + sub(i % 50) + "/resourceGroups/rg-" + "application-tier-".repeat(4) + i
                    + "/providers/Microsoft.Storage/storageAccounts/st" + "cmkdata".repeat(3) + i);
            vaults.add(String.format("kv-cmk-%04d", i));
            subs.add(sub(i % 50));
        }
        Set<String> groupSubs = new TreeSet<>();
        for (int i = 0; i < LiveConfigurationSource.SUBSCRIPTION_GROUP; i++) {
            groupSubs.add(sub(i));
        }
        Set<String> types = new TreeSet<>();
        ArmTypes.ALL.forEach(t -> types.add(t.type().toLowerCase()));
        SENT.put("sent: by id, full batch", ConfigurationQuery.byId(
                Files.readString(Path.of("docs/kql/configuration-by-id.kql")), ids, vaults, subs));
        SENT.put("sent: by type, full subscription group, every catalogue type", ConfigurationQuery.bySubscription(
                Files.readString(Path.of("docs/kql/configuration-by-subscription.kql")), groupSubs, types, vaults));
        SENT.put("sent: discovery", Files.readString(Path.of("docs/kql/discovery-resources.kql")));
        SENT.put(VAULT_SUBSCRIPTIONS, ConfigurationQuery.bind(Files.readString(Path.of("docs/kql/vault-subscriptions.kql")),
                Map.of(ConfigurationQuery.Values.VAULTS, vaults)));
        List<Query> queries = new ArrayList<>();
        SENT.forEach((name, text) -> queries.add(Query.resourceGraph(name, text)
                .expecting(name.equals(VAULT_SUBSCRIPTIONS) ? List.of("id:string", "name:string",
                        "subscriptionId:string") : COLUMNS)));
        BROKEN.put("broken: main's let lines", """
                let ids = dynamic(['/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/x']);
                resources
                | where id in~ (ids)
                | project id
                """);
        BROKEN.put("broken: an operator outside the subset", "resources | evaluate bag_unpack(properties) | project id");
        BROKEN.put("broken: a fuzzy union", "resources | union isfuzzy=true (resourcecontainers) | project id");
        BROKEN.put("broken: three mv-expand",
                "resources | mv-expand a = properties | mv-expand b = tags | mv-expand c = zones | project id");
        BROKEN.forEach((name, text) -> queries.add(Query.resourceGraph(name, text)));
        for (Result r : KqlCheck.run(queries)) {
            RESULTS.put(r.name(), r);
        }
    }

    @Test
    void everyTextSentIsWithinTheSubsetAndAnswersTheColumnsTheReaderReads() {
        StringBuilder failures = new StringBuilder();
        SENT.keySet().forEach(name -> {
            if (!RESULTS.get(name).passed()) {
                failures.append(name).append(":\n").append(RESULTS.get(name).problems()).append('\n');
            }
        });
        assertEquals("", failures.toString());
    }

    @Test
    void theFakesDoorAgreesWithTheSyntaxTree() {
        SENT.forEach((name, text) -> assertEquals(Optional.empty(), ResourceGraphLanguage.refusal(text), name));
        BROKEN.forEach((name, text) -> assertTrue(ResourceGraphLanguage.refusal(text).isPresent(), name));
    }

    @Test
    void theSubsetCheckBitesWhereTheAnalyzerAloneDoesNot() {
        Result let = RESULTS.get("broken: main's let lines");
        assertEquals(0, let.errors(), "Kusto.Language's analyzer accepts let: " + let.problems());
        assertTrue(let.subsetProblems().stream().anyMatch(p -> p.startsWith("1:1: 'let' statement")), let.problems());
        assertFalse(let.passed());
        BROKEN.keySet().forEach(name -> assertFalse(RESULTS.get(name).subsetProblems().isEmpty(), name));
    }

    @Test
    void aFullSubscriptionGroupByTypeIsASmallerTextThanAFullBatchById() {
        int byId = SENT.get("sent: by id, full batch").length();
        int byType = SENT.get("sent: by type, full subscription group, every catalogue type").length();
        assertTrue(byType < byId, byType + " characters by type, " + byId + " by id");
    }
}
