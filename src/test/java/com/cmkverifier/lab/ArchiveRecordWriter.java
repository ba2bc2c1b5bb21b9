package com.cmkverifier.lab;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes an event as one line of an archive blob, in the field order and types the diagnostic setting uses
 * (audit-logs.md): {@code durationMs} a string, {@code httpStatusCode} a number, {@code resultDescription}
 * absent when empty, {@code identity} {} on token challenges, {@code time} with 7 fractional digits.
 */
final class ArchiveRecordWriter {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ArchiveRecordWriter() {
    }

    /** The JSON object of one event, without line end. */
    static String line(AuditEvent e) {
        StringWriter out = new StringWriter(1200);
        try (JsonGenerator g = JsonOutput.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", TIME.format(e.time()));
            g.writeStringField("resourceId", e.vault().archiveResourceId());
            g.writeStringField("operationName", e.operation());
            g.writeStringField("operationVersion", e.operationVersion());
            g.writeStringField("category", "AuditEvent");
            g.writeStringField("resultType", e.resultType());
            g.writeStringField("resultSignature", e.resultSignature());
            if (e.description() != null) {
                g.writeStringField("resultDescription", e.description());
            }
            g.writeStringField("durationMs", Integer.toString(e.durationMs()));
            g.writeStringField("callerIpAddress", e.caller().ipAddress());
            g.writeStringField("correlationId", e.correlationId());
            g.writeObjectFieldStart("identity");
            if (!e.caller().isAnonymous()) {
                g.writeObjectFieldStart("claim");
                for (Map.Entry<String, String> c : e.caller().claims().entrySet()) {
                    g.writeStringField(c.getKey(), c.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("properties");
            g.writeStringField("id", e.objectId());
            g.writeStringField("clientInfo", e.caller().clientInfo());
            g.writeNumberField("httpStatusCode", e.httpStatus());
            g.writeStringField("requestUri", e.requestUri());
            g.writeBooleanField("isAccessPolicyMatch", e.httpStatus() != 401);
            g.writeStringField("tlsVersion", "TLS1.2");
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }
}
