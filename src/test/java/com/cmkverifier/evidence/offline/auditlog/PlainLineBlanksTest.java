package com.cmkverifier.evidence.offline.auditlog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static com.cmkverifier.evidence.offline.auditlog.ScannedAndTreeReading.assertPlainReadMatchesTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blanks between tokens, which archive lines do not have and the reader checks for before it skips them: spaces,
 * tabs and CRs anywhere between tokens leave a line plain and read as its tree, any other byte there leaves it
 * to the parser.
 */
class PlainLineBlanksTest {

    private static final String LINE = "{\"time\":\"2026-11-20T02:00:00.0003118Z\",\"resourceId\":\"/SUBSCRIPTIONS/S/"
            + "RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-1\",\"operationName\":\"KeyUnwrap\","
            + "\"durationMs\":57,\"tags\":[1,{\"a\":null},true],\"identity\":{\"claim\":{\"oid\":\"O1\","
            + "\"appid\":\"A1\"}},\"properties\":{\"id\":\"https://kv-1.vault.azure.net/keys/k/v1\","
            + "\"httpStatusCode\":200,\"requestUri\":\"https://kv-1.vault.azure.net/keys/k/v1/unwrapkey\"}}";

    @Test
    void readsALineWithBlanksBetweenAnyTwoTokensAsItsTree() {
        int read = 0;
        for (int i = 0; i <= LINE.length(); i++) {
            if (!betweenTokens(i)) {
                continue;
            }
            for (String blank : List.of(" ", "\t", "\r", " \t\r ")) {
                String line = LINE.substring(0, i) + blank + LINE.substring(i);
                assertTrue(assertPlainReadMatchesTree(line), line);
                read++;
            }
        }
        assertEquals(true, read > 150, "read " + read);
    }

    @Test
    void leavesALineWithAnyOtherByteBetweenTokensToTheParser() {
        for (int i = 1; i < LINE.length(); i++) {
            if (!betweenTokens(i)) {
                continue;
            }
            for (String other : List.of("\u000b", "\f", "\u0000", "\u00a0", "x")) {
                String line = LINE.substring(0, i) + other + LINE.substring(i);
                assertFalse(assertPlainReadMatchesTree(line), line);
            }
        }
    }

    /** Whether index {@code i} of {@link #LINE} lies next to structure outside strings. */
    private static boolean betweenTokens(int i) {
        boolean inString = false;
        for (int k = 0; k < i; k++) {
            if (LINE.charAt(k) == '"') {
                inString = !inString;
            }
        }
        if (inString) {
            return false;
        }
        char before = i > 0 ? LINE.charAt(i - 1) : '{';
        char after = i < LINE.length() ? LINE.charAt(i) : '}';
        return "{}[]:,".indexOf(before) >= 0 || "{}[]:,".indexOf(after) >= 0;
    }
}
