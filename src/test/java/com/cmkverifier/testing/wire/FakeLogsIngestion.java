package com.cmkverifier.testing.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * Azure Monitor's Logs Ingestion API on a local HTTPS server, as strict as the service about what it checks:
 * {@code POST /dataCollectionRules/{immutableId}/streams/{stream}?api-version=2023-01-01}, a bearer token, a
 * gzip body of at most 1 MB (compressed and not) holding a JSON array of rows; 204 when accepted. Rows must have
 * exactly the custom table's columns ({@code infra/app/history-columns.json}) with values of the column's type.
 */
public final class FakeLogsIngestion implements AutoCloseable {

    public static final String RULE_ID = "dcr-00112233445566778899aabbccddeeff";
    public static final String STREAM = "Custom-CmkVerification_CL";
    public static final Path COLUMNS = Path.of("infra/app/history-columns.json");
    static final int MAX_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireServer server;
    private final Map<String, String> columns;
    private final List<JsonNode> rows = new CopyOnWriteArrayList<>();
    private final List<Integer> acceptedSizes = new CopyOnWriteArrayList<>();

    private FakeLogsIngestion() throws IOException {
        columns = new LinkedHashMap<>();
        JSON.readTree(Files.readString(COLUMNS)).path("columns").forEach(c -> columns.put(c.path("name").asText(), c.path("type").asText()));
        server = WireServer.start(this::answer);
    }

    public static FakeLogsIngestion start() throws IOException {
        return new FakeLogsIngestion();
    }

    public WireServer server() {
        return server;
    }

    public String endpoint() {
        return server.baseUrl();
    }

    /** Every row accepted so far, in arrival order. */
    public List<JsonNode> rows() {
        return List.copyOf(rows);
    }

    /** Uncompressed sizes of the accepted requests' bodies. */
    public List<Integer> acceptedSizes() {
        return List.copyOf(acceptedSizes);
    }

    private Reply answer(Received r) {
        if (!r.method().equals("POST")
                || !r.path().equals("/dataCollectionRules/" + RULE_ID + "/streams/" + STREAM)) {
            return Reply.error(404, "NotFound", "no such rule or stream: " + r.path());
        }
        if (!"api-version=2023-01-01".equals(r.query())) {
            return Reply.error(400, "InvalidApiVersion", "api-version: " + r.query());
        }
        if (!"Bearer dummy-token".equals(r.header("authorization"))) {
            return Reply.error(401, "InvalidToken", "no bearer token");
        }
        if (!"gzip".equals(r.header("content-encoding")) || r.header("content-type") == null
                || !r.header("content-type").startsWith("application/json")) {
            return Reply.error(400, "InvalidContent", "expected gzip application/json");
        }
        if (r.bytes().length > MAX_BYTES) {
            return Reply.error(413, "ContentLengthLimitExceeded", "compressed body over 1 MB");
        }
        byte[] json;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.bytes()))) {
            json = in.readAllBytes();
        } catch (IOException e) {
            return Reply.error(400, "InvalidContentEncoding", "not gzip: " + e.getMessage());
        }
        if (json.length > MAX_BYTES) {
            return Reply.error(413, "ContentLengthLimitExceeded", "body over 1 MB: " + json.length);
        }
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (IOException e) {
            return Reply.error(400, "InvalidJson", e.getMessage());
        }
        if (array == null || !array.isArray()) {
            return Reply.error(400, "InvalidPayload", "the body must be a JSON array of rows");
        }
        List<JsonNode> batch = new ArrayList<>();
        for (JsonNode row : array) {
            String problem = problem(row);
            if (problem != null) {
                return Reply.error(400, "InvalidPayload", problem);
            }
            batch.add(row);
        }
        rows.addAll(batch);
        acceptedSizes.add(json.length);
        return new Reply(204, Map.of(), null);
    }

    private String problem(JsonNode row) {
        if (!row.isObject()) {
            return "a row is not an object";
        }
        Set<String> names = new TreeSet<>();
        row.fieldNames().forEachRemaining(names::add);
        if (!names.equals(new TreeSet<>(columns.keySet()))) {
            return "columns " + names + " are not the table's " + columns.keySet();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            boolean ok = switch (columns.get(f.getKey())) {
                case "string" -> v.isTextual();
                case "long" -> v.isIntegralNumber();
                case "datetime" -> v.isTextual() && isInstant(v.asText());
                case "dynamic" -> v.isContainerNode();
                default -> false;
            };
            if (!ok) {
                return f.getKey() + " is not a " + columns.get(f.getKey()) + ": " + v;
            }
        }
        return row.path("TimeGenerated").isTextual() ? null : "TimeGenerated is required";
    }

    private static boolean isInstant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
