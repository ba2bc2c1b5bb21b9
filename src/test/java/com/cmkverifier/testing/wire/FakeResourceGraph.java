package com.cmkverifier.testing.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Resource Graph and the few ARM reads discovery makes, on the REST wire: {@code POST
 * /providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01} answers pages of at most {@code $top} rows
 * ({@code totalRecords}, {@code count}, {@code data} as an object array, {@code resultTruncated}, {@code $skipToken}
 * as in the REST spec's examples) with the per-user quota headers ({@link ResourceGraphQuota}); {@code GET {id}/...}
 * answers the children registered with {@link #child}, else 404 as ARM does.
 * <p>
 * It refuses what Resource Graph refuses, with the service's bodies:
 * <ul>
 * <li>a text outside the documented KQL subset ({@link ResourceGraphLanguage}): 400, {@code error.code}
 * {@code BadRequest}, a first detail {@code InvalidQuery} "Query is invalid. Please refer to the documentation for
 * the Azure Resource Graph service and fix the error before retrying." (recorded in microsoft/ARI issue 255 and
 * scautomation/AzureResourceGraph-Examples issue 2; the recorded answers carry further details such as
 * {@code ParserFailure}: the fake's second detail says in its own words what it refused);</li>
 * <li>a query past the quota: 429 {@code RateLimiting}, detail "Client application has been throttled ..." (recorded
 * in Azure/azure-cli-extensions issue 3325), with {@code Retry-After};</li>
 * <li>a caller without read access ({@link #denyAccess}): 403 {@code AccessDenied}, detail "Access is denied to the
 * requested resource. The user might not have enough permission." (recorded in Azure/azure-sdk-for-java issue
 * 29924 and Azure/aztfexport issue 410).</li>
 * </ul>
 * A subscription the caller cannot read ({@link #hideSubscription}) is left out of every answer, its own
 * {@code ResourceContainers} row included, as Resource Graph answers only what the caller may read.
 * <p>
 * Which rows a query selects: the fake evaluates the predicate forms the product's query files use, joined by
 * {@code or}: {@code id in~ (...)}, {@code (subscriptionId in~ (...) and type in~ (...))}, {@code type =~ '...'},
 * {@code (type in~ (...) and name in~ (...))}, {@code type in~ (...)}; a query without {@code where} selects every
 * row. A {@code union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions' [and subscriptionId
 * in~ (...)])} leg adds the visible subscriptions' own rows.
 */
public final class FakeResourceGraph implements AutoCloseable {

    public static final String QUERY_PATH = "/providers/Microsoft.ResourceGraph/resources";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUPPORT = "Please provide below info when asking for support: timestamp = "
            + "2026-12-07T00:00:00.0000000Z, correlationId = 00000000-0000-4000-8000-000000000000.";
    private static final Pattern UNION_CONTAINERS = Pattern.compile(
            "(?is)\\|\\s*union\\s*\\(\\s*resourcecontainers\\s*\\|\\s*where\\s+type\\s*=~\\s*'microsoft\\.resources/subscriptions'(.*?)\\)\\s*(\\||$)");

    private final List<JsonNode> rows;
    private final Map<String, String> children = new ConcurrentHashMap<>();
    private final Set<Integer> quotaExhaustedAfterPage = ConcurrentHashMap.newKeySet();
    private final Set<String> hidden = ConcurrentHashMap.newKeySet();
    private final Set<String> refusals = ConcurrentHashMap.newKeySet();
    private final ResourceGraphQuota quota;
    private volatile boolean accessDenied;
    private final WireServer server;

    public FakeResourceGraph(List<JsonNode> rows) {
        this(rows, new ResourceGraphQuota());
    }

    /** @param quota the per-user quota, e.g. {@link ResourceGraphQuota#onClock} for clients that wait on their own */
    public FakeResourceGraph(List<JsonNode> rows, ResourceGraphQuota quota) {
        this.rows = List.copyOf(rows);
        this.quota = quota;
        this.server = WireServer.start(this::answer);
    }

    public WireServer server() {
        return server;
    }

    public ResourceGraphQuota quota() {
        return quota;
    }

    /** The answer to {@code GET {path}} (lower-cased, without query), e.g. a diagnostic settings list. */
    public void child(String path, String json) {
        children.put(path.toLowerCase(Locale.ROOT), json);
    }

    /** The page's answer announces that no quota is left, resetting after 5 seconds. */
    public void quotaExhaustedAfter(int page) {
        quotaExhaustedAfterPage.add(page);
    }

    /** The caller has no read access to this subscription: its rows and its own row are not in any answer. */
    public void hideSubscription(String subscriptionId) {
        hidden.add(subscriptionId.toLowerCase(Locale.ROOT));
    }

    /** The caller has no read access at all: every query answers 403 {@code AccessDenied}. */
    public void denyAccess() {
        accessDenied = true;
    }

    public long queries() {
        return server.count(r -> r.path().equals(QUERY_PATH));
    }

    /** The reasons of the queries refused for their language so far. */
    public Set<String> refusals() {
        return Set.copyOf(refusals);
    }

    private Reply answer(Received r) {
        if (r.method().equals("POST") && r.path().equals(QUERY_PATH)) {
            return page(r);
        }
        String json = children.get(r.path().toLowerCase(Locale.ROOT));
        return json == null ? Reply.error(404, "ResourceNotFound", "not found") : Reply.json(200, json);
    }

    private static Reply refused(int status, String code, String detailCode, String detail, String... more) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code).put("message", SUPPORT);
        ArrayNode details = error.putArray("details");
        details.addObject().put("code", detailCode).put("message", detail);
        for (int i = 0; i + 1 < more.length; i += 2) {
            details.addObject().put("code", more[i]).put("message", more[i + 1]);
        }
        return Reply.json(status, body.toString());
    }

    private Reply page(Received r) {
        if (accessDenied) {
            return refused(403, "AccessDenied", "AccessDenied",
                    "Access is denied to the requested resource. The user might not have enough permission.");
        }
        String user = String.valueOf(r.header("authorization"));
        Map<String, String> quotaHeaders = quota.take(user);
        if (quotaHeaders == null) {
            return refused(429, "RateLimiting", "RateLimiting", "Client application has been throttled and should"
                    + " not attempt to repeat the request until an amount of time has elapsed. Please see"
                    + " https://aka.ms/resourcegraph-throttling for help.")
                    .withHeader("Retry-After", String.valueOf(quota.retryAfterSeconds(user)));
        }
        JsonNode req;
        try {
            req = MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String query = req.path("query").asText();
        Optional<String> refusal = ResourceGraphLanguage.refusal(query);
        if (refusal.isPresent()) {
            refusals.add(refusal.get());
            return refused(400, "BadRequest", "InvalidQuery", "Query is invalid. Please refer to the documentation"
                    + " for the Azure Resource Graph service and fix the error before retrying.",
                    "UnsupportedQueryElement", refusal.get());
        }
        Set<String> scope = new HashSet<>();
        req.path("subscriptions").forEach(s -> scope.add(s.asText().toLowerCase(Locale.ROOT)));
        List<JsonNode> rows = matching(query, scope);
        int top = req.path("options").path("$top").asInt(100);
        String token = req.path("options").path("$skipToken").asText("");
        int from = token.isEmpty() ? 0 : Integer.parseInt(new String(Base64.getDecoder().decode(token),
                StandardCharsets.UTF_8));
        int to = Math.min(rows.size(), from + top);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("totalRecords", rows.size());
        body.put("count", to - from);
        ArrayNode data = body.putArray("data");
        rows.subList(from, to).forEach(data::add);
        body.put("resultTruncated", "false");
        if (to < rows.size()) {
            body.put("$skipToken", Base64.getEncoder().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
        }
        int page = from / Math.max(1, top) + 1;
        Reply reply = Reply.json(200, body.toString());
        for (Map.Entry<String, String> h : quotaHeaders.entrySet()) {
            reply = reply.withHeader(h.getKey(), h.getValue());
        }
        if (quotaExhaustedAfterPage.contains(page)) {
            reply = reply.withHeader("x-ms-user-quota-remaining", "0").withHeader("x-ms-user-quota-resets-after", "00:00:05");
        }
        return reply;
    }

    private boolean visible(String subscriptionId, Set<String> scope) {
        String sub = subscriptionId.toLowerCase(Locale.ROOT);
        return !hidden.contains(sub) && (scope.isEmpty() || scope.contains(sub));
    }

    /** The selected rows, then the subscriptions' own rows of a ResourceContainers leg, ordered by id. */
    private List<JsonNode> matching(String query, Set<String> scope) {
        String main = query;
        List<JsonNode> out = new ArrayList<>();
        Matcher union = UNION_CONTAINERS.matcher(query);
        if (union.find()) {
            main = query.substring(0, union.start()) + query.substring(union.end() - union.group(2).length());
            Optional<Set<String>> asked = list(union.group(1), "subscriptionId\\s+in~");
            Set<String> subs = new TreeSet<>();
            for (JsonNode row : rows) {
                subs.add(row.path("subscriptionId").asText().toLowerCase(Locale.ROOT));
            }
            asked.ifPresent(subs::addAll);
            for (String sub : subs) {
                if (!sub.isEmpty() && visible(sub, scope) && asked.map(a -> a.contains(sub)).orElse(true)) {
                    ObjectNode s = MAPPER.createObjectNode();
                    s.put("id", "/subscriptions/" + sub).put("name", sub).put("type", "microsoft.resources/subscriptions")
                            .put("subscriptionId", sub);
                    out.add(s);
                }
            }
        }
        Predicate<JsonNode> selected = selection(main);
        for (JsonNode row : rows) {
            if (visible(row.path("subscriptionId").asText(), scope) && selected.test(row)) {
                out.add(row);
            }
        }
        out.sort((a, b) -> a.path("id").asText().compareToIgnoreCase(b.path("id").asText()));
        return out;
    }

    private static Predicate<JsonNode> selection(String main) {
        if (!Pattern.compile("(?i)\\|\\s*where\\b").matcher(main).find()) {
            return row -> true;
        }
        List<Predicate<JsonNode>> any = new ArrayList<>();
        Optional<Set<String>> ids = list(main, "\\bid\\s+in~");
        ids.ifPresent(s -> any.add(row -> s.contains(lower(row, "id"))));
        for (String[] columns : new String[][]{{"subscriptionId", "type"}, {"type", "name"}}) {
            Matcher both = Pattern.compile("(?is)\\(\\s*" + columns[0] + "\\s+in~\\s*(\\(.*?'\\s*\\))\\s+and\\s+"
                    + columns[1] + "\\s+in~\\s*(\\(.*?'\\s*\\))\\s*\\)").matcher(main);
            if (both.find()) {
                Set<String> first = literals(both.group(1));
                Set<String> second = literals(both.group(2));
                any.add(row -> first.contains(lower(row, columns[0])) && second.contains(lower(row, columns[1])));
                main = main.replace(both.group(), "");
            }
        }
        Matcher oneType = Pattern.compile("(?i)\\btype\\s*=~\\s*'([^']*)'").matcher(main);
        while (oneType.find()) {
            String t = oneType.group(1).toLowerCase(Locale.ROOT);
            any.add(row -> t.equals(lower(row, "type")));
        }
        list(main, "\\btype\\s+in~").ifPresent(s -> any.add(row -> s.contains(lower(row, "type"))));
        return row -> any.stream().anyMatch(p -> p.test(row));
    }

    private static String lower(JsonNode row, String field) {
        return row.path(field).asText().toLowerCase(Locale.ROOT);
    }

    /** The literals of {@code column in~ ('a', 'b')} in {@code text}, when present. */
    private static Optional<Set<String>> list(String text, String column) {
        Matcher m = Pattern.compile("(?is)" + column + "\\s*(\\((?:\\s*'[^']*'\\s*,?)*\\s*\\))").matcher(text);
        return m.find() ? Optional.of(literals(m.group(1))) : Optional.empty();
    }

    private static Set<String> literals(String list) {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("'([^']*)'").matcher(list);
        while (m.find()) {
            out.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
