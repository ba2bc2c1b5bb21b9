package com.cmkverifier.testing.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Azure Resource Graph and the few ARM reads discovery makes, on the REST wire: {@code POST
 * /providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01} answers pages of at most {@code $top} rows
 * ({@code totalRecords}, {@code count}, {@code data} as an object array, {@code resultTruncated}, {@code $skipToken}
 * as in the REST spec's examples) with the quota headers; {@code GET {id}/...} answers the children registered with
 * {@link #child}, else 404 as ARM does.
 */
public final class FakeResourceGraph implements AutoCloseable {

    public static final String QUERY_PATH = "/providers/Microsoft.ResourceGraph/resources";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<JsonNode> rows;
    private final Map<String, String> children = new ConcurrentHashMap<>();
    private final Set<Integer> quotaExhaustedAfterPage = ConcurrentHashMap.newKeySet();
    private final WireServer server;

    public FakeResourceGraph(List<JsonNode> rows) {
        this.rows = List.copyOf(rows);
        this.server = WireServer.start(this::answer);
    }

    public WireServer server() {
        return server;
    }

    /** The answer to {@code GET {path}} (lower-cased, without query), e.g. a diagnostic settings list. */
    public void child(String path, String json) {
        children.put(path.toLowerCase(Locale.ROOT), json);
    }

    /** The page's answer announces that no quota is left, resetting after 5 seconds. */
    public void quotaExhaustedAfter(int page) {
        quotaExhaustedAfterPage.add(page);
    }

    public long queries() {
        return server.count(r -> r.path().equals(QUERY_PATH));
    }

    private Reply answer(Received r) {
        if (r.method().equals("POST") && r.path().equals(QUERY_PATH)) {
            return page(r);
        }
        String json = children.get(r.path().toLowerCase(Locale.ROOT));
        return json == null ? Reply.error(404, "ResourceNotFound", "not found") : Reply.json(200, json);
    }

    private Reply page(Received r) {
        JsonNode req;
        try {
            req = MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> rows = matching(req.path("query").asText());
        int top = req.path("options").path("$top").asInt(100);
        String token = req.path("options").path("$skipToken").asText("");
        int from = token.isEmpty() ? 0 : Integer.parseInt(new String(java.util.Base64.getDecoder().decode(token)));
        int to = Math.min(rows.size(), from + top);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("totalRecords", rows.size());
        body.put("count", to - from);
        ArrayNode data = body.putArray("data");
        rows.subList(from, to).forEach(data::add);
        body.put("resultTruncated", "false");
        if (to < rows.size()) {
            body.put("$skipToken", java.util.Base64.getEncoder().encodeToString(String.valueOf(to).getBytes()));
        }
        int page = from / Math.max(1, top) + 1;
        Map<String, String> headers = new HashMap<>();
        headers.put("x-ms-user-quota-remaining", quotaExhaustedAfterPage.contains(page) ? "0" : "10");
        headers.put("x-ms-user-quota-resets-after", "00:00:05");
        Reply reply = Reply.json(200, body.toString());
        for (Map.Entry<String, String> h : headers.entrySet()) {
            reply = reply.withHeader(h.getKey(), h.getValue());
        }
        return reply;
    }

    /** All rows, or for a query with a {@code let ids} line those ids plus workspaces and key vaults (as it asks). */
    private List<JsonNode> matching(String query) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^let ids = dynamic\\(\\[(.*)\\]\\);$")
                .matcher(query);
        if (!m.find()) {
            return rows;
        }
        Set<String> ids = new java.util.HashSet<>();
        for (String quoted : m.group(1).split(",")) {
            ids.add(quoted.trim().replace("'", ""));
        }
        return rows.stream().filter(r -> ids.contains(r.path("id").asText().toLowerCase(Locale.ROOT))
                || r.path("type").asText().matches("(?i)microsoft\\.(operationalinsights/workspaces|keyvault/vaults)"))
                .toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
