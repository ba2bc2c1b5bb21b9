package com.cmkverifier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static com.cmkverifier.cli.CliEndToEndTest.cmkv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's first query as a command: every key's operations, registered or not. */
class ActivityCommandTest {

    private static final String LOGS = "samples/lab/logs";
    private static final String AT = "2026-11-20T06:00:00Z";

    @Test
    void jsonListsUnregisteredKeysAndTheDisabledKeysFailuresWithCounts() throws Exception {
        CliEndToEndTest.Run run = cmkv("activity", "--logs", LOGS, "--at", AT, "--format", "json");
        assertEquals(0, run.exit(), run.err());
        JsonNode rows = run.json().path("activity");
        boolean unregistered = false;
        long mysqlFailures = 0;
        for (JsonNode r : rows) {
            unregistered |= r.path("key").asText().equals("reporting-cmk");
            if (r.path("key").asText().equals("mysql-cmk") && r.path("operation").asText().equals("KeyUnwrap")
                    && r.path("httpStatus").asInt() == 403) {
                mysqlFailures += r.path("count").asLong();
            }
            assertFalse(r.path("operation").asText().equals("Authentication") && r.path("httpStatus").asInt() == 401,
                    "token challenges are noise, not activity");
        }
        assertTrue(unregistered, "keys no registry entry names are reported too");
        assertEquals(18, mysqlFailures);
    }

    @Test
    void csvHasAHeaderAndOneLinePerRow() {
        CliEndToEndTest.Run run = cmkv("activity", "--logs", LOGS, "--at", AT, "--format", "csv");
        String[] lines = run.out().split("\r\n");
        assertEquals("vault,key,version,caller,operation,result,count,firstTime,lastTime", lines[0]);
        assertTrue(lines.length > 5);
    }

    @Test
    void liveNeedsAWorkspaceAndRejectsOneThatIsNotAGuid() {
        assertEquals(2, cmkv("activity", "--live").exit());
        CliEndToEndTest.Run bad = cmkv("activity", "--live", "--workspace", "x' | drop");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--workspace"), bad.err());
    }
}
