package com.cmkverifier.infra;

import com.cmkverifier.application.FinalVerdict;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.application.history.HistoryRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict history's artefacts agree: one column list for the table, the stream, the rows the app sends and
 * the KQL schema; the workbook and the Sentinel rules embed exactly the .kql files that Kusto.Language checks.
 */
class VerdictHistoryArtefactsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path COLUMNS = Path.of("infra/app/history-columns.json");
    private static final Path HISTORY_BICEP = Path.of("infra/app/history.bicep");
    private static final Path WORKBOOK = Path.of("integrations/workbook");
    private static final Path SENTINEL = Path.of("integrations/sentinel");
    private static final Pattern LOAD_KQL = Pattern.compile("query: loadTextContent\\('([^']+\\.kql)'\\)");

    private static Map<String, String> columns() throws Exception {
        Map<String, String> out = new TreeMap<>();
        JSON.readTree(COLUMNS.toFile()).path("columns")
                .forEach(c -> out.put(c.path("name").asText(), c.path("type").asText()));
        return out;
    }

    private static List<String> kqlTexts(Path dir) {
        return DeploymentFiles.under(dir, ".kql").stream().map(DeploymentFiles::read).sorted().toList();
    }

    @Test
    void theTableAndTheStreamAreDeclaredFromTheOneColumnList() {
        String bicep = DeploymentFiles.read(HISTORY_BICEP);
        assertTrue(bicep.contains("var columns = loadJsonContent('history-columns.json', '$.columns')"));
        assertTrue(bicep.contains("columns: columns"), "the table's schema");
        assertTrue(bicep.replaceAll("\\s+", " ").contains("columns: [for c in columns: { name: c.name type: c.type }]"),
                "the stream declaration");
        assertTrue(bicep.contains("var tableName = 'CmkVerification_CL'"));
    }

    @Test
    void theKqlSchemaKnowsTheTableWithTheSameColumns() throws Exception {
        JsonNode table = JSON.readTree(Path.of("src/test/resources/kql/schema.json").toFile())
                .path("databases").path("loganalytics").path("CmkVerification_CL").path("columns");
        Map<String, String> schema = new TreeMap<>();
        table.fields().forEachRemaining(e -> schema.put(e.getKey(), e.getValue().asText()));
        assertEquals(columns(), schema);
    }

    @Test
    void theAppSendsExactlyTheTableColumns() throws Exception {
        Instant at = Instant.parse("2026-11-20T06:00:00Z");
        Verdict v = new Verdict("stcmkdata", "Microsoft.Storage/storageAccounts",
                "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk", Window.ending(at, Window.DEFAULT_LENGTH),
                VerdictStatus.VERIFIED, List.of(), List.of());
        JsonNode row = JSON.readTree(HistoryRow.of(new FinalVerdict(v, "verification", "r1", null, at)).json());
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        assertEquals(columns().keySet(), new TreeSet<>(names));
    }

    @Test
    void historyIsOptionalBehindOneParameterAndGrantsPublishingOnTheRuleOnly() {
        String main = DeploymentFiles.read(DeploymentFiles.MAIN_BICEP);
        assertTrue(main.contains("param verdictHistory bool = false"));
        assertTrue(main.contains("module history 'app/history.bicep' = if (verdictHistory) {"));
        BicepText history = BicepText.read(HISTORY_BICEP);
        List<BicepText.Resource> grants = history.declared("Microsoft.Authorization/roleAssignments");
        assertEquals(1, grants.size());
        String grant = grants.get(0).body();
        assertTrue(grant.contains("scope: rule"), grant);
        assertTrue(grant.contains("monitoringMetricsPublisher"), grant);
        assertTrue(DeploymentFiles.read(HISTORY_BICEP).contains("var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'"));
    }

    @Test
    void theWorkbookEmbedsExactlyItsKqlFiles() throws Exception {
        JsonNode workbook = JSON.readTree(WORKBOOK.resolve("cmk-verification.workbook.json").toFile());
        List<String> embedded = new ArrayList<>();
        workbook.findValues("query").forEach(q -> embedded.add(q.asText()));
        assertEquals(kqlTexts(WORKBOOK), embedded.stream().sorted().toList());
        assertTrue(DeploymentFiles.read(WORKBOOK.resolve("cmk-verification-workbook.bicep"))
                .contains("serializedData: loadTextContent('cmk-verification.workbook.json')"));
    }

    @Test
    void everyWorkbookQueryFollowsTheTimeRangeParameter() throws Exception {
        JsonNode workbook = JSON.readTree(WORKBOOK.resolve("cmk-verification.workbook.json").toFile());
        Map<String, String> timeContext = new LinkedHashMap<>();
        for (JsonNode parent : workbook.findParents("query")) {
            timeContext.put(parent.path("query").asText(), parent.path("timeContextFromParameter").asText());
        }
        timeContext.values().forEach(t -> assertEquals("TimeRange", t));
    }

    @Test
    void theSentinelRulesLoadExactlyTheirKqlFiles() {
        Path rules = SENTINEL.resolve("cmk-verification-rules.bicep");
        Matcher m = LOAD_KQL.matcher(DeploymentFiles.read(rules));
        List<String> loaded = new ArrayList<>();
        while (m.find()) {
            loaded.add(DeploymentFiles.read(SENTINEL.resolve(m.group(1))));
        }
        assertEquals(kqlTexts(SENTINEL), loaded.stream().sorted().toList());
        assertEquals(2, BicepText.read(rules).declared("Microsoft.SecurityInsights/alertRules").size());
    }
}
