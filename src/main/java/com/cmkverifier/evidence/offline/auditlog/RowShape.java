package com.cmkverifier.evidence.offline.auditlog;

import com.fasterxml.jackson.databind.JsonNode;

/** The three record shapes, told apart by their field (column) names, never by file name. */
enum RowShape {
    ARCHIVE, AZURE_DIAGNOSTICS, AZKV_AUDIT_LOGS;

    /** Log Analytics rows have {@code TimeGenerated}/{@code OperationName}; archived records {@code time}. */
    static RowShape of(Row row) {
        if (!row.has("TimeGenerated") && !row.has("OperationName")) {
            return ARCHIVE;
        }
        return AzureDiagnosticsMapper.recognises(row) ? AZURE_DIAGNOSTICS : AZKV_AUDIT_LOGS;
    }

    /** Null when the row is not a Key Vault audit record. */
    RawRecord map(Row row) {
        return switch (this) {
            case ARCHIVE -> ArchiveRecordMapper.map(((JsonRow) row).node());
            case AZURE_DIAGNOSTICS -> AzureDiagnosticsMapper.map(row);
            case AZKV_AUDIT_LOGS -> AzkvAuditLogsMapper.map(row);
        };
    }

    static RawRecord mapJson(JsonNode object) {
        JsonRow row = new JsonRow(object);
        return of(row).map(row);
    }
}
