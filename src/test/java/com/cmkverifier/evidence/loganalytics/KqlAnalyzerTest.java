package com.cmkverifier.evidence.loganalytics;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.testing.KqlCheck;
import com.cmkverifier.testing.KqlCheck.Query;
import com.cmkverifier.testing.KqlCheck.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every KQL text the product ships or sends, through Microsoft's own parser and semantic analyzer
 * (Kusto.Language) against the documented table schemas ({@code src/test/resources/kql/schema.json}): no
 * error-severity diagnostic, and the result columns are the ones the Java readers read, names and types. The
 * shipped files are found by walking the tree, so a {@code .kql} file added anywhere under {@code docs/},
 * {@code integrations/}, {@code infra/} or {@code src/main/resources/} is checked without touching this test.
 * All texts go to one Node process: the analyzer takes seconds to load.
 */
class KqlAnalyzerTest {

    private static final List<Path> SHIPPED_ROOTS = List.of(Path.of("docs"), Path.of("integrations"), Path.of("infra"),
            Path.of("src/main/resources"));
    private static final Window WINDOW = new Window(Instant.parse("2026-11-19T06:00:00Z"),
            Instant.parse("2026-11-20T06:00:00.123456Z"));
    private static final List<KeyId> KEYS = List.of(new KeyId("kv-cmk-prod.vault.azure.net", "stg-cmk"),
            new KeyId("kv-cmk-prod.vault.azure.net", "sql-tde"), new KeyId("kv-cmk-db.vault.azure.net", "mysql-cmk"),
            new KeyId("hsm-pay.managedhsm.azure.net", "pay-key"), new KeyId("kv-cn.vault.azure.cn", "cn-key"));
    private static final List<String> CALLER_IDS = List.of("6f9e5a4c-1c1e-4b7e-9a59-6d1f0c2f4d11",
            "0D6C1B4A-8A51-4A0E-9B5F-2E7D1C3B4A59", "a3c5e7f9-0000-4000-8000-00000000abcd", "not-a-guid");
    private static final List<String> SIGN_IN_TABLES = List.of("AADManagedIdentitySignInLogs",
            "AADServicePrincipalSignInLogs", "AADNonInteractiveUserSignInLogs");
    /** What the readers read from the shipped query files: the Java source, and the alert rules' columns. */
    private static final Map<String, List<ResultColumn>> READ_COLUMNS = Map.of(
            "key-activity.kql", KeyActivityQuery.COLUMNS, "caller-names.kql", CallerNamesQuery.COLUMNS,
            "verdicts-missing.kql", ResultColumn.of("verdicts:long"),
            "verdicts-not-passing.kql", ResultColumn.of("resource:string", "status:string", "codes:string",
                    "trigger:string", "lastVerdictAt:datetime"));

    private static final Map<String, Result> RESULTS = new LinkedHashMap<>();
    private static final List<String> SHIPPED = new ArrayList<>();
    private static final List<String> SENT = new ArrayList<>();
    private static final List<String> VARIANTS = new ArrayList<>();
    private static final List<String> BROKEN = new ArrayList<>();

    @BeforeAll
    static void analyseEverything() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (Path file : shippedKqlFiles()) {
            Query q = Query.of(file.toString(), Files.readString(file));
            List<ResultColumn> read = READ_COLUMNS.get(file.getFileName().toString());
            add(queries, SHIPPED, read == null ? q : q.expecting(strings(read)));
        }

        List<Query> activity = List.of(
                Query.of("sent: key activity, several vaults and keys", KeyActivityQuery.forKeys(KEYS, WINDOW)),
                Query.of("sent: key activity, one key", KeyActivityQuery.forKeys(KEYS.subList(0, 1), WINDOW)),
                Query.of("sent: key activity, allKeys", KeyActivityQuery.forAllKeys(WINDOW)));
        Query names = Query.of("sent: caller names", CallerNamesQuery.forIds(CALLER_IDS, WINDOW));
        for (Query q : activity) {
            Query expecting = q.expecting(strings(KeyActivityQuery.COLUMNS));
            add(queries, SENT, expecting);
            add(queries, VARIANTS, expecting.withTables("with AzureDiagnostics lacking its optional columns",
                    "AzureDiagnostics:required", "AZKVAuditLogs"));
            add(queries, VARIANTS, expecting.withTables("with a wide AzureDiagnostics whose caller claims are only in"
                    + " AdditionalFields", "AzureDiagnostics:wide", "AZKVAuditLogs"));
            add(queries, VARIANTS, q.without("AzureDiagnostics"));
            add(queries, VARIANTS, q.without("AZKVAuditLogs"));
        }
        add(queries, SENT, names.expecting(strings(CallerNamesQuery.COLUMNS)));
        for (String table : SIGN_IN_TABLES) {
            add(queries, VARIANTS, names.without(table));
        }

        add(queries, BROKEN, Query.of("broken: a keyword as a let name", "let to = ago(1d);\nAZKVAuditLogs | where TimeGenerated > to"));
        add(queries, BROKEN, Query.of("broken: a column no table has", "AZKVAuditLogs | where NoSuchColumn == 1"));
        add(queries, BROKEN, Query.of("broken: columns the reader does not read",
                "AZKVAuditLogs | summarize Count = count() by Vault = tostring(_ResourceId)")
                .expecting(List.of("Vault:string", "Count:int")));

        for (Result r : KqlCheck.run(queries)) {
            RESULTS.put(r.name(), r);
        }
    }

    private static void add(List<Query> all, List<String> group, Query q) {
        all.add(q);
        group.add(q.name());
    }

    private static List<String> strings(List<ResultColumn> columns) {
        return columns.stream().map(ResultColumn::toString).toList();
    }

    private static List<Path> shippedKqlFiles() {
        List<Path> files = new ArrayList<>();
        for (Path root : SHIPPED_ROOTS) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> tree = Files.walk(root)) {
                    tree.filter(p -> p.toString().endsWith(".kql")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    private static void assertPassed(List<String> names) {
        StringBuilder failures = new StringBuilder();
        for (String name : names) {
            Result r = RESULTS.get(name);
            if (!r.passed()) {
                failures.append(name).append(":\n").append(r.problems()).append('\n');
            }
        }
        assertEquals("", failures.toString(), "Kusto.Language rejects these KQL texts");
    }

    @Test
    void everyShippedKqlFileIsValidAndTheReadersGetTheirColumns() {
        assertTrue(SHIPPED.contains(Path.of("docs/kql/key-activity.kql").toString()), SHIPPED::toString);
        assertTrue(SHIPPED.contains(Path.of("integrations/monitor/verdicts-not-passing.kql").toString()), SHIPPED::toString);
        assertPassed(SHIPPED);
    }

    @Test
    void everyTextTheSourceSendsIsValidAndAnswersTheColumnsItReads() {
        assertPassed(SENT);
    }

    @Test
    void workspacesWithoutATableOrWithoutOptionalColumnsStillAnswerTheSameColumns() {
        StringBuilder failures = new StringBuilder();
        for (String name : VARIANTS) {
            Result r = RESULTS.get(name);
            // A missing fuzzy leg leaves the analyzer unsure of some types; the names must still be the reader's.
            List<String> expected = (name.startsWith("sent: caller names") ? CallerNamesQuery.COLUMNS
                    : KeyActivityQuery.COLUMNS).stream().map(ResultColumn::name).toList();
            if (r.errors() > 0 || !r.columnNames().equals(expected)) {
                failures.append(name).append(": ").append(r.problems()).append(" columns ").append(r.columns()).append('\n');
            }
        }
        assertEquals("", failures.toString());
    }

    @Test
    void theCheckRejectsBrokenQueries() {
        for (String name : BROKEN) {
            assertFalse(RESULTS.get(name).passed(), name + " passed the check");
        }
        assertTrue(RESULTS.get("broken: a keyword as a let name").diagnostics().stream()
                .anyMatch(d -> d.severity().equals("Error") && d.line() == 1), "the error points at line 1");
        assertFalse(RESULTS.get("broken: columns the reader does not read").columnProblems().isEmpty());
    }
}
