package com.cmkverifier.testing.wire;

import com.cmkverifier.core.model.AuditRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Logs Query API ({@code POST /v1/workspaces/{id}/query}) on a local HTTPS server. It evaluates what the
 * verifier's queries mean on a record set per workspace: it reads the {@code let} parameters (vaults, keys,
 * allKeys, window; caller ids) out of the query text and answers the server-side summary rows the KQL would
 * produce, as {@code {"tables":[{"name":"PrimaryResult","columns":[...],"rows":[...]}]}}. A query whose
 * parameters it cannot read is answered 400, as a syntax error would be.
 */
public final class FakeLogAnalytics implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/v1/workspaces/([^/]+)/query");
    private static final Pattern LET = Pattern.compile("(?m)^let (\\w+) = (.*);$");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final List<String> AUDIT_TABLES = List.of("AzureDiagnostics", "AZKVAuditLogs");
    /** Not a KQL name: marks a query that reads AzureDiagnostics' AdditionalFields. */
    private static final String READS_ADDITIONAL_FIELDS = " reads AdditionalFields";
    private static final List<String> SIGN_IN_TABLES = List.of("AADManagedIdentitySignInLogs",
            "AADServicePrincipalSignInLogs", "AADNonInteractiveUserSignInLogs");
    private static final List<String> ACTIVITY_COLUMNS = List.of("Vault", "KeyHost", "KeyName", "KeyVersion",
            "CallerObjectId", "CallerAppId", "CallerMirid", "OperationName", "HttpStatus", "Description",
            "Count", "First", "Last");

    private final Map<String, List<AuditRecord>> records = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> names = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> auditTables = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> signInTables = new ConcurrentHashMap<>();
    /** Records that only one leg of the audit union holds (its table), by workspace. */
    private final Map<String, Map<AuditRecord, String>> legOf = new ConcurrentHashMap<>();
    /** Legs that fail for another reason than a missing table: table to the message Kusto gives, by workspace. */
    private final Map<String, Map<String, String>> droppedLegs = new ConcurrentHashMap<>();
    /** Workspaces whose AzureDiagnostics is past 500 columns: the caller claims are only in AdditionalFields. */
    private final Set<String> wide = ConcurrentHashMap.newKeySet();
    /** Audit tables on the Basic or Auxiliary plan, by workspace. */
    private final Map<String, Map<String, String>> plans = new ConcurrentHashMap<>();
    private final WireServer server = WireServer.start(this::answer);
    private volatile LogAnalyticsLimits limits;

    public String endpoint() {
        return server.baseUrl() + "/v1";
    }

    public WireServer server() {
        return server;
    }

    /** The limits it enforces, or null. */
    public LogAnalyticsLimits limits() {
        return limits;
    }

    /** Serves every query within {@code limits} and answers 429 beyond them, as the Logs API throttles a user. */
    public FakeLogAnalytics enforce(LogAnalyticsLimits limits) {
        this.limits = limits;
        return this;
    }

    public FakeLogAnalytics records(String workspaceId, List<AuditRecord> recordSet) {
        records.put(workspaceId, List.copyOf(recordSet));
        return this;
    }

    /** Adds records that only the given table's leg of the union holds, e.g. the failures in AZKVAuditLogs. */
    public FakeLogAnalytics recordsIn(String workspaceId, String table, List<AuditRecord> recordSet) {
        List<AuditRecord> all = new ArrayList<>(records.getOrDefault(workspaceId, List.of()));
        all.addAll(recordSet);
        records.put(workspaceId, List.copyOf(all));
        recordSet.forEach(r -> legOf.computeIfAbsent(workspaceId, w -> new ConcurrentHashMap<>()).put(r, table));
        return this;
    }

    /**
     * The table's leg fails inside the fuzzy union for another reason than a missing table (an expression that
     * does not resolve): Kusto drops the leg and answers the other legs' rows with a severity-3 warning.
     */
    public FakeLogAnalytics dropLeg(String workspaceId, String table, String kustoMessage) {
        droppedLegs.computeIfAbsent(workspaceId, w -> new ConcurrentHashMap<>()).put(table, kustoMessage);
        return this;
    }

    /**
     * AzureDiagnostics is past its 500 columns (learn.microsoft.com/azure/azure-monitor/reference/tables/azurediagnostics):
     * the caller claims of the records that are not in another leg exist only inside AdditionalFields. This fake
     * cannot run KQL, so it answers them only to a query that reads AdditionalFields, and empty otherwise, as the
     * service would to a query reading the missing columns through {@code column_ifexists}.
     */
    public FakeLogAnalytics wideAzureDiagnostics(String workspaceId) {
        wide.add(workspaceId);
        return this;
    }

    /** The audit table is on another plan than Analytics ("Basic", "Auxiliary"): the query API refuses the union. */
    public FakeLogAnalytics tablePlan(String workspaceId, String table, String plan) {
        plans.computeIfAbsent(workspaceId, w -> new ConcurrentHashMap<>()).put(table, plan);
        return this;
    }

    /** Sign-in tables for the workspace, naming these ids; without a call, the tables do not exist. */
    public FakeLogAnalytics signInNames(String workspaceId, Map<String, String> idToName) {
        names.put(workspaceId, Map.copyOf(idToName));
        return this;
    }

    /** Which of the sign-in tables exist once {@link #signInNames} was called (default: all three). */
    public FakeLogAnalytics signInTables(String workspaceId, String... tables) {
        signInTables.put(workspaceId, Set.of(tables));
        return this;
    }

    /**
     * Which of the audit tables ({@code AzureDiagnostics}, {@code AZKVAuditLogs}) the workspace has; default
     * both. A missing one makes the fuzzy union answer with a warning; none at all, with a semantic error.
     */
    public FakeLogAnalytics auditTables(String workspaceId, String... tables) {
        auditTables.put(workspaceId, Set.of(tables));
        return this;
    }

    /** Queries received for a workspace: "activity" (key-activity.kql) or "names" (caller-names.kql). */
    public long queries(String workspaceId, String kind) {
        return server.count(r -> r.path().equals("/v1/workspaces/" + workspaceId + "/query")
                && kind.equals(kindOf(queryText(r))));
    }

    /** Queries received for every workspace, of one kind. */
    public long queries(String kind) {
        return server.count(r -> PATH.matcher(r.path()).matches() && kind.equals(kindOf(queryText(r))));
    }

    public List<String> queryTexts() {
        return server.received().stream().map(FakeLogAnalytics::queryText).toList();
    }

    /** A request for the workspace, to aim faults at. */
    public static boolean isFor(Received r, String workspaceId) {
        return r.path().equals("/v1/workspaces/" + workspaceId + "/query");
    }

    private static String kindOf(String query) {
        return query.contains("AADManagedIdentitySignInLogs") ? "names" : "activity";
    }

    private static String queryText(Received r) {
        try {
            JsonNode q = JSON.readTree(r.body()).get("query");
            return q == null ? "" : q.asText();
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private Reply answer(Received r) {
        LogAnalyticsLimits l = limits;
        return l == null || !r.authenticated() ? answerQuery(r) : l.serve(r, () -> answerQuery(r));
    }

    private Reply answerQuery(Received r) {
        Matcher m = PATH.matcher(r.path());
        if (!r.method().equals("POST") || !m.matches()) {
            return Reply.error(404, "PathNotFoundError", "unknown path " + r.path());
        }
        if (!r.authenticated()) {
            return Reply.error(401, "AuthorizationRequiredError", "Valid authentication was not provided");
        }
        String ws = m.group(1);
        String query = queryText(r);
        Map<String, String> lets = new HashMap<>();
        Matcher let = LET.matcher(query);
        while (let.find()) {
            lets.put(let.group(1), let.group(2));
        }
        if (query.contains("column_ifexists(\"AdditionalFields\"")) {
            lets.put(READS_ADDITIONAL_FIELDS, "true");
        }
        try {
            return kindOf(query).equals("names") ? names(ws, lets) : activity(ws, lets);
        } catch (RuntimeException e) {
            return Reply.error(400, "BadArgumentError", "SyntaxError: cannot read the query parameters");
        }
    }

    private Reply names(String ws, Map<String, String> lets) {
        Map<String, String> known = names.get(ws);
        if (known == null) {
            return tableMissing("AADManagedIdentitySignInLogs");
        }
        List<String> ids = strings(lets, "ids");
        List<List<Object>> rows = new ArrayList<>();
        known.forEach((id, name) -> {
            if (ids.contains(id)) {
                rows.add(List.of(id, "", name));
            }
        });
        List<String> absent = SIGN_IN_TABLES.stream()
                .filter(t -> !signInTables.getOrDefault(ws, Set.copyOf(SIGN_IN_TABLES)).contains(t)).toList();
        return absent.size() == SIGN_IN_TABLES.size() ? tableMissing(absent.get(0))
                : table(List.of("ServicePrincipalId", "AppId", "Name"), rows,
                absent.stream().map(FakeLogAnalytics::missingLegWarning).toList());
    }

    private Reply activity(String ws, Map<String, String> lets) {
        if (!plans.getOrDefault(ws, Map.of()).isEmpty()) {
            return basicPlanRefusal();
        }
        List<String> absent = AUDIT_TABLES.stream()
                .filter(t -> !auditTables.getOrDefault(ws, Set.copyOf(AUDIT_TABLES)).contains(t)).toList();
        Map<String, String> dropped = droppedLegs.getOrDefault(ws, Map.of());
        if (absent.size() == AUDIT_TABLES.size()) {
            return noLegResolves();
        }
        Map<AuditRecord, String> legs = legOf.getOrDefault(ws, Map.of());
        boolean claimsHidden = wide.contains(ws) && !lets.containsKey(READS_ADDITIONAL_FIELDS);
        List<String> vaults = strings(lets, "vaults");
        List<String> keys = strings(lets, "keys");
        boolean allKeys = Boolean.parseBoolean(Objects.requireNonNull(lets.get("allKeys")));
        Instant from = datetime(lets, "windowStart");
        Instant to = datetime(lets, "windowEnd");
        Map<List<Object>, long[]> groups = new LinkedHashMap<>();
        Map<List<Object>, Instant[]> times = new HashMap<>();
        for (AuditRecord rec : records.getOrDefault(ws, List.of())) {
            String leg = legs.getOrDefault(rec, "");
            if (rec.time().isBefore(from) || rec.time().isAfter(to) || dropped.containsKey(leg)
                    || absent.contains(leg)) {
                continue;
            }
            String host = rec.key() == null ? "" : rec.key().vaultHost();
            String name = rec.key() == null ? "" : rec.key().keyName();
            String vault = rec.vaultName() != null ? rec.vaultName() : host.isEmpty() ? "" : host.split("\\.")[0];
            boolean kept = allKeys || keys.contains(host + "/" + name);
            if (!kept && !vaults.contains(vault)) {
                continue;
            }
            boolean hidden = claimsHidden && !leg.equals("AZKVAuditLogs");
            List<Object> group = kept ? List.of(vault, host, name, orEmpty(rec.keyVersion()),
                    hidden ? "" : orEmpty(rec.caller().objectId()), hidden ? "" : orEmpty(rec.caller().appId()),
                    hidden ? "" : orEmpty(rec.caller().managedIdentityResourceId()), rec.operation(), rec.httpStatus(),
                    truncate(orEmpty(rec.resultDescription())))
                    : List.of(vault, "", "", "", "", "", "", "", -1, "");
            groups.computeIfAbsent(group, g -> new long[1])[0]++;
            Instant[] t = times.computeIfAbsent(group, g -> new Instant[] {rec.time(), rec.time()});
            t[0] = rec.time().isBefore(t[0]) ? rec.time() : t[0];
            t[1] = rec.time().isAfter(t[1]) ? rec.time() : t[1];
        }
        List<List<Object>> rows = new ArrayList<>();
        groups.forEach((g, n) -> {
            List<Object> row = new ArrayList<>(g);
            row.add(n[0]);
            row.add(times.get(g)[0].toString());
            row.add(times.get(g)[1].toString());
            rows.add(row);
        });
        List<Map<String, Object>> details = new ArrayList<>(absent.stream().map(FakeLogAnalytics::missingLegWarning)
                .toList());
        dropped.values().forEach(message -> details.add(warning(message)));
        return table(ACTIVITY_COLUMNS, rows, details);
    }

    private static String truncate(String s) {
        return s.length() > 300 ? s.substring(0, 300) : s;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> strings(Map<String, String> lets, String name) {
        String literal = Objects.requireNonNull(lets.get(name), name);
        if (!literal.startsWith("dynamic([") || !literal.endsWith("])")) {
            throw new IllegalArgumentException(name);
        }
        List<String> out = new ArrayList<>();
        Matcher m = STRING.matcher(literal);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Instant datetime(Map<String, String> lets, String name) {
        String literal = Objects.requireNonNull(lets.get(name), name);
        return Instant.parse(literal.substring("datetime(".length(), literal.length() - 1));
    }

    private static Reply table(List<String> columns, List<List<Object>> rows, List<Map<String, Object>> details) {
        List<Map<String, String>> cols = new ArrayList<>();
        for (String c : columns) {
            String type = switch (c) {
                case "Count" -> "long";
                case "HttpStatus" -> "int";
                case "First", "Last" -> "datetime";
                default -> "string";
            };
            cols.add(Map.of("name", c, "type", type));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tables", List.of(Map.of("name", "PrimaryResult", "columns", cols, "rows", rows)));
        if (!details.isEmpty()) {
            answer.put("error", Map.of("code", "PartialError",
                    "message", "There were some errors when processing your query.", "details", details));
        }
        try {
            return Reply.json(200, JSON.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fuzzy union leg whose table does not exist: a detail of severity 3 (Warning). The detail's shape (code
     * EngineError, innererror code -2133196790, severity 3 "Warning") is the one quoted in
     * Azure/azure-sdk-for-python#25137; the message is Kusto's for an unresolved table.
     */
    private static Map<String, Object> missingLegWarning(String table) {
        return warning("'union' operator: Failed to resolve table expression named '" + table + "'");
    }

    /** Any failure of a fuzzy union leg, turned into a warning (Azure/azure-sdk-for-python#25137). */
    private static Map<String, Object> warning(String message) {
        return Map.of("code", "EngineError", "message", "Something went wrong processing your query on the server.",
                "innererror", Map.of("code", "-2133196790", "message", message, "severity", 3,
                        "severityName", "Warning"));
    }

    /**
     * No leg of a fuzzy union resolves: HTTP 400 with the semantic error SEM0529 (its text as reported in
     * Azure/Azure-Sentinel#6772), nested as the recorded syntax error is.
     */
    private static Reply noLegResolves() {
        return semanticError("SEM0529", "union: must have at least one operand that can be evaluated successfully"
                + " when running with 'Fuzzy' mode.");
    }

    /** A single table that does not exist: HTTP 400, SEM0100. */
    private static Reply tableMissing(String table) {
        return semanticError("SEM0100", "'union' operator: Failed to resolve table expression named '" + table + "'");
    }

    private static Reply semanticError(String code, String message) {
        try {
            return Reply.json(400, JSON.writeValueAsString(Map.of("error", Map.of("message",
                    "The request had some invalid properties", "code", "BadArgumentError", "correlationId",
                    java.util.UUID.randomUUID().toString(), "innererror", Map.of("code", "SemanticError", "message",
                            "A semantic error occurred.", "innererror", Map.of("code", code, "message", message))))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A union over a Basic or Auxiliary plan table: HTTP 400 BadArgumentError (the envelope quoted in
     * grafana/grafana#89818) with the text of Azure/Azure-Sentinel#12172.
     */
    private static Reply basicPlanRefusal() {
        try {
            return Reply.json(400, JSON.writeValueAsString(Map.of("error", Map.of("message",
                    "The request had some invalid properties", "code", "BadArgumentError", "innererror", Map.of(
                            "code", "UnsupportedApiQueryValidationError", "message", "The query should contain a"
                                    + " single Basic or Auxiliary Logs table. The query should contain up to five"
                                    + " Analytics Logs tables.")))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * HTTP 401 for a token of another tenant: the code InvalidAuthenticationTokenTenant named in the Azure
     * Monitor Query troubleshooting guide (Azure/azure-sdk-for-net#42676); the message is modelled on ARM's for
     * the same code.
     */
    public static Reply tokenOfAnotherTenant() {
        return Reply.error(401, "InvalidAuthenticationTokenTenant", "The access token is from the wrong issuer."
                + " It must match the tenant associated with this workspace.");
    }

    /**
     * HTTP 403 InsufficientAccessError, the body quoted in the Azure Monitor troubleshooting guide
     * (Azure/azure-sdk-for-net#37173).
     */
    public static Reply insufficientAccess() {
        return Reply.error(403, "InsufficientAccessError",
                "The provided credentials have insufficient access to perform the requested operation");
    }

    /** The recorded answer of a query whose result exceeded 64 MB: PartialError with an Error-severity detail. */
    public static Reply resultSetTooLarge() {
        return Reply.json(200, RecordedAnswers.text("logs-query-partial-error-result-set-too-large.json"));
    }

    /** The recorded 504 of a query that ran past its server timeout. */
    public static Reply serverTimeout() {
        return Reply.json(504, RecordedAnswers.text("logs-query-server-timeout-504.json"))
                .withHeader("Preference-Applied", "wait=5");
    }

    /** HTTP 200 with rows and an error object: what the Logs API answers when part of a query failed. */
    public static Reply partialError() {
        return Reply.json(200, "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"Vault\","
                + "\"type\":\"string\"}],\"rows\":[[\"kv-a\"]]}],\"error\":{\"code\":\"PartialError\",\"message\":"
                + "\"There were some errors when processing your query.\",\"details\":[{\"code\":\"EngineError\","
                + "\"message\":\"Something went wrong processing your query on the server.\"}]}}");
    }

    @Override
    public void close() {
        server.close();
    }
}
