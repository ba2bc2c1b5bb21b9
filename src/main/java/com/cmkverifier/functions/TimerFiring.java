package com.cmkverifier.functions;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What the host's timer payload says about one firing: the schedule occurrence it stands for
 * ({@code ScheduleStatus.Next} as recorded before the firing, also on a past-due firing; null when absent)
 * and whether it fired late.
 */
record TimerFiring(Instant occurrence, boolean pastDue) {

    private static final List<DateTimeFormatter> HOST_TIMES = List.of(
            new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffsetId()
                    .toFormatter(),
            new DateTimeFormatterBuilder().appendPattern("MM/dd/yyyy HH:mm:ss").optionalStart().appendOffsetId()
                    .toFormatter());

    static TimerFiring parse(String timerInfo) {
        JsonNode info = timerInfo(timerInfo);
        return new TimerFiring(scheduled(info.path("ScheduleStatus").path("Next").asText(null)),
                info.path("IsPastDue").asBoolean(false));
    }

    private static JsonNode timerInfo(String text) {
        try {
            JsonNode n = text == null ? null : Jackson.MAPPER.readTree(text);
            return n == null ? JsonNodeFactory.instance.objectNode() : n;
        } catch (Exception e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /**
     * The host writes ISO dates with an offset, or .NET's {@code MM/dd/yyyy HH:mm:ssK} (TimerInfo.DateTimeFormat);
     * a time without an offset is UTC, the schedule's zone.
     */
    private static Instant scheduled(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        for (DateTimeFormatter f : HOST_TIMES) {
            try {
                return f.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from) instanceof OffsetDateTime o
                        ? o.toInstant() : LocalDateTime.parse(text.trim(), f).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next shape
            }
        }
        return null;
    }
}
