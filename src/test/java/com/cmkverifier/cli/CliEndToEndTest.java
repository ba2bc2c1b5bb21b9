package com.cmkverifier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end on the bundled sample lab (samples/lab), as a user runs it. */
class CliEndToEndTest {

    private static final Path LAB = Path.of("samples/lab");
    private static final String AT = "2026-11-20T06:00:00Z";
    static final Map<String, String> LAB_STATUSES = new LinkedHashMap<>();

    static {
        LAB_STATUSES.put("stcmkdata", "VERIFIED");
        LAB_STATUSES.put("des-prod-vms", "VERIFIED");
        LAB_STATUSES.put("aip-tenant-key", "VERIFIED");
        LAB_STATUSES.put("mysql-orders", "FAILED");
        LAB_STATUSES.put("pg-analytics", "INCONCLUSIVE");
        LAB_STATUSES.put("sql-billing", "WARNING");
        LAB_STATUSES.put("sb-events", "WARNING");
        LAB_STATUSES.put("la-cluster", "INCONCLUSIVE");
    }

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run cmkv(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cmkv.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Map<String, String> statuses(JsonNode json) {
        Map<String, String> m = new LinkedHashMap<>();
        json.path("results").forEach(r -> m.put(r.path("resource").asText(), r.path("status").asText()));
        return m;
    }

    private static JsonNode result(JsonNode json, String resource) {
        for (JsonNode r : json.path("results")) {
            if (r.path("resource").asText().equals(resource)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + resource);
    }

    private static boolean hasFinding(JsonNode result, String code) {
        for (JsonNode f : result.path("findings")) {
            if (f.path("code").asText().equals(code)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void demoShowsEveryStatusOfTheLabAndExitsOneBecauseOneFailed() throws Exception {
        Run run = cmkv("demo", "--format", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals(LAB_STATUSES, statuses(json));
        assertEquals(AT, json.path("evaluatedAt").asText());
        assertEquals("2026-11-19T06:00:00Z", json.path("window").path("from").asText());
        assertTrue(hasFinding(result(json, "mysql-orders"), "KEY_DISABLED"));
        assertTrue(hasFinding(result(json, "mysql-orders"), "KEY_USE_FAILING"));
        assertTrue(hasFinding(result(json, "pg-analytics"), "NO_KEY_USE"));
        assertTrue(hasFinding(result(json, "la-cluster"), "NO_AUDIT_LOGS"));
        assertTrue(hasFinding(result(json, "la-cluster"), "AUDIT_LOGS_NOT_ROUTED"), "the lab's drift finding");
        assertTrue(hasFinding(result(json, "sql-billing"), "STALE_KEY_VERSION"));
        assertTrue(hasFinding(result(json, "sb-events"), "KEY_EXPIRED"));
        assertEquals(1, json.path("inputs").path("skipped").asInt(), "the blob still being written ends in a partial line");
        assertTrue(json.path("inputs").path("skippedLines").get(0).path("file").asText().startsWith("samples/lab/logs/"),
                "skipped lines name the lab file, not a temporary directory");
    }

    @Test
    void sweepOnTheLabFolderAtItsEvaluationTimeGivesTheDemoVerdicts() throws Exception {
        Run run = cmkv("sweep", "--registry", LAB.resolve("registry.json").toString(), "--logs", LAB.resolve("logs").toString(),
                "--keys", LAB.resolve("keys").toString(), "--at", AT, "--format", "json");
        assertEquals(1, run.exit(), run.err());
        assertEquals(LAB_STATUSES, statuses(run.json()));
    }

    @Test
    void verifyExitCodesFollowTheVerdict() {
        String[] base = {"verify", "--registry", LAB.resolve("registry.json").toString(), "--logs",
                LAB.resolve("logs").toString(), "--keys", LAB.resolve("keys").toString(), "--at", AT, "--resource"};
        assertEquals(0, cmkv(concat(base, "stcmkdata")).exit());
        assertEquals(0, cmkv(concat(base, "sql-billing")).exit(), "WARNING passes");
        assertEquals(1, cmkv(concat(base, "mysql-orders")).exit());
        assertEquals(3, cmkv(concat(base, "pg-analytics")).exit());
    }

    @Test
    void sinceStartsTheWindowAtTheChange() throws Exception {
        Run run = cmkv("verify", "--registry", LAB.resolve("registry.json").toString(), "--logs", LAB.resolve("logs").toString(),
                "--keys", LAB.resolve("keys").toString(), "--at", AT, "--since", "2026-11-20T05:00:00Z",
                "--resource", "stcmkdata", "--format", "json");
        assertEquals("2026-11-20T05:00:00Z", run.json().path("window").path("from").asText());
    }

    @Test
    void junitAndOutputFileWriteOneCasePerResource(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("reports/cmkv.xml");
        Run run = cmkv("demo", "--format", "junit", "--output", out.toString());
        assertEquals(1, run.exit());
        assertEquals("", run.out(), "the report goes to the file, not stdout");
        String xml = Files.readString(out);
        assertEquals(LAB_STATUSES.size(), xml.split("<testcase ", -1).length - 1);
        assertTrue(xml.contains("<failure type=\"FAILED\""));
    }

    @Test
    void tableIsTheDefaultAndHasNoColourWhenNotATerminal() {
        Run run = cmkv("demo");
        assertTrue(run.out().contains("mysql-orders"));
        assertTrue(run.out().contains("Summary: 3 VERIFIED, 2 WARNING, 2 INCONCLUSIVE, 1 FAILED"), run.out());
        assertFalse(run.out().contains("\u001b["));
    }

    @Test
    void aMalformedRegistryIsOneLineWithTheEntryAndFieldAndExitTwo(@TempDir Path dir) throws Exception {
        Path registry = dir.resolve("registry.json");
        Files.writeString(registry, "{\"resources\": [{\"name\": \"x\", \"type\": \"Microsoft.Storage/storageAccounts\","
                + " \"key\": \"http://kv1.vault.azure.net/keys/k\", \"identity\": {\"principalId\": \"nope\"}}]}");
        Run run = cmkv("sweep", "--registry", registry.toString(), "--logs", LAB.resolve("logs").toString());
        assertEquals(2, run.exit());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("resources[0].key"), run.err());
        assertTrue(run.err().contains("resources[0].identity.principalId"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void usageErrorsExitTwoWithAClearMessage() {
        Run unknown = cmkv("verify", "--registry", LAB.resolve("registry.json").toString(), "--logs",
                LAB.resolve("logs").toString(), "--resource", "nope");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no resource named 'nope'"), unknown.err());

        Run badTime = cmkv("demo", "--at", "yesterday");
        assertEquals(2, badTime.exit());
        assertTrue(badTime.err().contains("--at"), badTime.err());

        Run missing = cmkv("sweep", "--registry", LAB.resolve("registry.json").toString(), "--logs", "/no/such/dir");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("/no/such/dir"), missing.err());

        Run noEvidence = cmkv("sweep", "--registry", LAB.resolve("registry.json").toString());
        assertEquals(2, noEvidence.exit());
        assertTrue(noEvidence.err().contains("no evidence"), noEvidence.err());

        Run badOption = cmkv("sweep", "--frobnicate");
        assertEquals(2, badOption.exit());
        assertFalse(badOption.err().contains("\tat "));
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
