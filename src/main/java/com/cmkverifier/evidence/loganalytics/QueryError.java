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
 * The {@code error} object of a Logs Query API answer, judged by what each detail says, never by its severity
 * alone (spec section 14). Inside {@code union isfuzzy=true} Kusto turns any failure of a leg into a warning
 * (severity 3) and drops the leg: a missing table, but also an expression that failed to resolve
 * ({@code 'where' operator: Failed to resolve scalar expression named ...}, Azure/azure-sdk-for-python#25137).
 * Only the first leaves the rows complete.
 *
 * @param kind    what the answer means for its rows
 * @param summary the codes and messages, for a source issue or a note
 * @param table   for {@link Kind#TABLE_MISSING} and {@link Kind#PLAN_REFUSED}: the table concerned
 */
record QueryError(Kind kind, String summary, String table) {

    enum Kind {
        /** HTTP 200, PartialError whose every detail says that a union leg's table of this query does not exist. */
        MISSING_LEGS_ONLY,
        /** HTTP 200, PartialError with any other detail (a dropped leg, a truncated result): rows incomplete. */
        PARTIAL,
        /** No leg of the fuzzy union resolves: SEM0529 (or SEM0100 naming the query's table). No audit logs here. */
        TABLE_MISSING,
        /** The query touches a table on the Basic or Auxiliary plan, where unions are refused. */
        PLAN_REFUSED,
        /** Anything else. */
        OTHER
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A fuzzy union leg's table that does not exist; the operator prefix varies ('union', 'where'). */
    private static final Pattern UNRESOLVED_TABLE =
            Pattern.compile("Failed to resolve table (?:or column )?expression named '(\\w+)'");
    /** SEM0529 (Azure/Azure-Sentinel#6772): every leg of a fuzzy union failed. */
    private static final String NO_OPERAND = "must have at least one operand that can be evaluated successfully";
    /**
     * A Basic or Auxiliary plan table in a union (Azure/Azure-Sentinel#12172) or through the query API at all
     * (grafana/grafana#89818, {@code UnsupportedApiQueryValidationError}).
     */
    private static final Pattern BASIC_PLAN = Pattern.compile(
            "single Basic or Auxiliary Logs table|Query of (?:Basic|Auxiliary) Logs table is not supported");
    /** The table of the audit union that may be on those plans (AzureDiagnostics supports the Analytics plan only). */
    static final String PLAN_TABLE = "AZKVAuditLogs";

    /** Reads an HTTP 200 answer's error; {@code body} null or unreadable counts as a real partial failure. */
    static QueryError ofPartialAnswer(BinaryData body, Set<String> queryTables) {
        JsonNode error = error(body);
        if (error == null) {
            return new QueryError(Kind.PARTIAL, "an error object that could not be read", null);
        }
        JsonNode details = error.path("details");
        boolean missingOnly = details.isArray() && !details.isEmpty();
        boolean noOperand = false;
        List<String> others = new ArrayList<>();
        for (JsonNode detail : details) {
            String message = innermost(detail).path("message").asText("");
            if (message.contains(NO_OPERAND)) {
                noOperand = true;
            } else if (!missingTable(message, queryTables)) {
                missingOnly = false;
                others.add(quote(detail));
            }
        }
        if (missingOnly && noOperand) {
            return new QueryError(Kind.TABLE_MISSING, summary(error), null);
        }
        if (missingOnly) {
            return new QueryError(Kind.MISSING_LEGS_ONLY, summary(error), null);
        }
        String all = summary(error);
        if (BASIC_PLAN.matcher(all).find()) {
            return new QueryError(Kind.PLAN_REFUSED, all, PLAN_TABLE);
        }
        // Quote the details that make it partial, not the missing legs beside them.
        return new QueryError(Kind.PARTIAL, others.isEmpty() ? all
                : error.path("code").asText("?") + "; " + String.join("; ", others), null);
    }

    /** Reads an HTTP 400 answer: no leg resolving is {@link Kind#TABLE_MISSING}, a plan refusal its own kind. */
    static QueryError ofBadRequest(BinaryData body, Set<String> queryTables) {
        JsonNode error = error(body);
        if (error == null) {
            return new QueryError(Kind.OTHER, "an unreadable error", null);
        }
        JsonNode innermost = innermost(error);
        String code = innermost.path("code").asText();
        String message = innermost.path("message").asText("");
        if ("SEM0529".equals(code) || message.contains(NO_OPERAND)) {
            return new QueryError(Kind.TABLE_MISSING, summary(error), null);
        }
        Matcher m = UNRESOLVED_TABLE.matcher(message);
        if ("SEM0100".equals(code) && m.find() && queryTables.contains(m.group(1))) {
            return new QueryError(Kind.TABLE_MISSING, summary(error), m.group(1));
        }
        if (BASIC_PLAN.matcher(message).find()) {
            return new QueryError(Kind.PLAN_REFUSED, summary(error), PLAN_TABLE);
        }
        return new QueryError(Kind.OTHER, summary(error), null);
    }

    /** "code: message" of a refusal's innermost error (401, 403), or null when the body says nothing readable. */
    static String refusal(BinaryData body) {
        JsonNode error = error(body);
        if (error == null) {
            return null;
        }
        JsonNode n = innermost(error);
        return n.path("code").asText("?") + ": " + n.path("message").asText("");
    }

    private static boolean missingTable(String message, Set<String> queryTables) {
        Matcher m = UNRESOLVED_TABLE.matcher(message);
        return m.find() && queryTables.contains(m.group(1));
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

    private static JsonNode innermost(JsonNode n) {
        while (n.path("innererror").isObject()) {
            n = n.get("innererror");
        }
        return n;
    }

    /** "code message (severity)" of a detail's innermost error, as the service wrote it. */
    private static String quote(JsonNode detail) {
        JsonNode n = innermost(detail);
        String severity = n.path("severityName").asText(n.has("severity") ? "severity " + n.get("severity") : "");
        return n.path("code").asText("?") + " " + n.path("message").asText("") + (severity.isEmpty() ? ""
                : " (" + severity + ")");
    }

    /** "code: message" of the error and its details' innermost errors. */
    private static String summary(JsonNode error) {
        List<String> parts = new ArrayList<>();
        parts.add(error.path("code").asText("?"));
        for (JsonNode detail : error.path("details")) {
            parts.add(quote(detail));
        }
        if (error.path("innererror").isObject()) {
            JsonNode n = innermost(error);
            parts.add(n.path("code").asText("?") + " " + n.path("message").asText(""));
        }
        return String.join("; ", parts);
    }
}
