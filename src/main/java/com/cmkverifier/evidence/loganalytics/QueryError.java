package com.cmkverifier.evidence.loganalytics;

import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code error} object of a Logs Query API answer, judged by its own structure. Kusto marks each detail of a
 * partial failure with a severity; anything of severity 2 (Error) or lower means the rows are incomplete, and
 * the client must not use them ("Partial query failures", Kusto documentation). Warnings (3) and information (4)
 * leave the rows complete: a {@code union isfuzzy=true} leg whose table does not exist is such a warning.
 *
 * @param kind    what the answer means for its rows
 * @param summary the codes and messages, for a source issue or a note
 * @param table   for {@link Kind#TABLE_MISSING}: the table named
 */
record QueryError(Kind kind, String summary, String table) {

    enum Kind {
        /** HTTP 200, PartialError whose every detail is a warning: the rows are complete. */
        WARNINGS_ONLY,
        /** HTTP 200, PartialError with an error detail, or one without a severity: the rows may be incomplete. */
        PARTIAL,
        /** HTTP 400, semantic error SEM0100 naming one of the query's own tables: no leg of the union exists. */
        TABLE_MISSING,
        /** Anything else. */
        OTHER
    }

    /** Kusto's severities: 0 critical, 1 high, 2 error, 3 warning, 4 information. */
    private static final int WORST_BENIGN = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNRESOLVED_TABLE = Pattern.compile("Failed to resolve table expression named '(\\w+)'");

    /** Reads an HTTP 200 answer's error; {@code body} null or unreadable counts as a real partial failure. */
    static QueryError ofPartialAnswer(BinaryData body) {
        JsonNode error = error(body);
        if (error == null) {
            return new QueryError(Kind.PARTIAL, "an error object that could not be read", null);
        }
        JsonNode details = error.path("details");
        boolean allBenign = details.isArray() && !details.isEmpty();
        for (JsonNode detail : details) {
            Integer severity = worstSeverity(detail);
            allBenign &= severity != null && severity >= WORST_BENIGN;
        }
        return new QueryError(allBenign ? Kind.WARNINGS_ONLY : Kind.PARTIAL, summary(error), null);
    }

    /** Reads an HTTP 400 answer: an unresolved table among {@code queryTables} is {@link Kind#TABLE_MISSING}. */
    static QueryError ofBadRequest(BinaryData body, Set<String> queryTables) {
        JsonNode error = error(body);
        if (error == null) {
            return new QueryError(Kind.OTHER, "an unreadable error", null);
        }
        JsonNode innermost = error;
        while (innermost.has("innererror")) {
            innermost = innermost.get("innererror");
        }
        Matcher m = UNRESOLVED_TABLE.matcher(innermost.path("message").asText(""));
        boolean missing = "SEM0100".equals(innermost.path("code").asText()) && m.find()
                && queryTables.contains(m.group(1));
        return new QueryError(missing ? Kind.TABLE_MISSING : Kind.OTHER, summary(error), missing ? m.group(1) : null);
    }

    private static JsonNode error(BinaryData body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode error = JSON.readTree(body.toStream()).get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The lowest severity on the detail's chain of inner errors, or null when none carries one. */
    private static Integer worstSeverity(JsonNode detail) {
        Integer worst = null;
        for (JsonNode n = detail; n != null && n.isObject(); n = n.get("innererror")) {
            if (n.path("severity").isInt()) {
                worst = worst == null ? n.get("severity").asInt() : Math.min(worst, n.get("severity").asInt());
            }
        }
        return worst;
    }

    /** "code: message" of the error and its details' innermost errors. */
    private static String summary(JsonNode error) {
        List<String> parts = new ArrayList<>();
        parts.add(error.path("code").asText("?"));
        for (JsonNode detail : error.path("details")) {
            JsonNode n = detail;
            while (n.has("innererror")) {
                n = n.get("innererror");
            }
            parts.add(n.path("code").asText("?") + " " + n.path("message").asText(""));
        }
        for (JsonNode n = error.get("innererror"); n != null; n = n.get("innererror")) {
            if (!n.has("innererror")) {
                parts.add(n.path("code").asText("?") + " " + n.path("message").asText(""));
            }
        }
        return String.join("; ", parts);
    }
}
