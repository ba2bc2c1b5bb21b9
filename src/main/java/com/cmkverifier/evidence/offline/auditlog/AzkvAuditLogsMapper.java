package com.cmkverifier.evidence.offline.auditlog;

/** Maps a resource-specific {@code AZKVAuditLogs} row; {@code Identity} is a dynamic column holding the claims. */
final class AzkvAuditLogsMapper {

    private AzkvAuditLogsMapper() {
    }

    static RawRecord map(Row row) {
        return new RawRecord(
                row.text("TimeGenerated"),
                row.text("OperationName"),
                row.text("HttpStatusCode"),
                row.text("ResultSignature"),
                row.text("ResultDescription"),
                row.firstText("_ResourceId", "ResourceId"),
                row.text("Id"),
                row.text("RequestUri"),
                Claims.caller(row.json("Identity")));
    }
}
