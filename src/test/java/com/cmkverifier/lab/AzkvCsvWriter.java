package com.cmkverifier.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes events as a CSV export of the resource-specific {@code AZKVAuditLogs} table: PascalCase columns,
 * {@code Identity} as a JSON string, {@code _ResourceId} lower case, {@code TenantId} the workspace id.
 */
final class AzkvCsvWriter {

    private static final List<String> COLUMNS = List.of("TenantId", "TimeGenerated", "OperationName",
            "OperationVersion", "ResultType", "ResultSignature", "ResultDescription", "DurationMs",
            "CallerIpAddress", "CorrelationId", "Identity", "Id", "RequestUri", "HttpStatusCode", "ClientInfo",
            "SourceSystem", "Type", "_ResourceId");

    private AzkvCsvWriter() {
    }

    static void write(Path file, String workspaceId, List<AuditEvent> events) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
        COLUMNS.forEach(schema::addColumn);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                new CsvMapper().writer(schema.build()).writeValues(out)
                        .writeAll(events.stream().map(e -> row(workspaceId, e)).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static List<Object> row(String workspaceId, AuditEvent e) {
        return List.of(workspaceId, ArchiveRecordWriter.TIME.format(e.time()), e.operation(), e.operationVersion(),
                e.resultType(), e.resultSignature(), e.description() == null ? "" : e.description(),
                e.durationMs(), e.caller().ipAddress(), e.correlationId(), identityJson(e.caller()), e.objectId(),
                e.requestUri(), e.httpStatus(), e.caller().clientInfo(), "Azure", "AZKVAuditLogs",
                e.vault().armId().toLowerCase(Locale.ROOT));
    }

    private static String identityJson(CallerIdentity c) {
        try {
            return JsonOutput.MAPPER.writeValueAsString(c.isAnonymous() ? Map.of() : Map.of("claim", c.claims()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
