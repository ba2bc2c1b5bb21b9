package com.cmkverifier.application.events;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One delivered event, in either delivery schema: the Event Grid schema ({@code eventType}, {@code eventTime},
 * {@code topic}) or CloudEvents 1.0 ({@code specversion}, {@code type}, {@code time}, {@code source}).
 * Learn: azure/event-grid/event-schema and cloud-event-schema.
 *
 * @param source the topic: the vault's or the subscription's resource path
 */
public record GridEvent(String id, String type, String subject, String source, Instant time, JsonNode data) {

    /** Longer than any documented event (1 MB per event, Event Grid quotas); refused before parsing. */
    static final int MAX_LENGTH = 1024 * 1024;

    /** @throws MalformedEvent naming the first missing or invalid field */
    public static GridEvent parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedEvent("event", "is empty");
        }
        if (body.length() > MAX_LENGTH) {
            throw new MalformedEvent("event", "is longer than 1 MB");
        }
        JsonNode n;
        try {
            n = Jackson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedEvent("event", "is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new MalformedEvent("event", "must be one JSON object");
        }
        boolean cloud = n.has("specversion");
        if (cloud && !"1.0".equals(n.get("specversion").asText())) {
            throw new MalformedEvent("specversion", "must be 1.0 (CloudEvents 1.0)");
        }
        String id = text(n, "id");
        String type = text(n, cloud ? "type" : "eventType");
        String timeField = cloud ? "time" : "eventTime";
        Instant time = time(timeField, text(n, timeField));
        String subject = n.path("subject").isTextual() ? n.get("subject").asText() : "";
        String source = n.path(cloud ? "source" : "topic").isTextual() ? n.get(cloud ? "source" : "topic").asText() : "";
        JsonNode data = n.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedEvent("data", "must be a JSON object");
        }
        return new GridEvent(id, type, subject, source, time, data);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new MalformedEvent(field, "is required (a string)");
        }
        return v.asText();
    }

    private static Instant time(String field, String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEvent(field, "must be an ISO-8601 time with offset");
        }
    }

    /**
     * A field of {@code data} as text, found case-insensitively and trimmed: Key Vault's documented sample
     * writes {@code "ObjectName "} and {@code " ee05..."} with stray spaces, its schema table {@code id}.
     */
    public String dataText(String field) {
        for (var it = data.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().trim().equalsIgnoreCase(field) && e.getValue().isValueNode() && !e.getValue().isNull()) {
                return e.getValue().asText().trim();
            }
        }
        return null;
    }
}
