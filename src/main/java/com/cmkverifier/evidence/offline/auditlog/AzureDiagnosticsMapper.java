package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.model.Caller;

/**
 * Maps a legacy-mode {@code AzureDiagnostics} row. The table mixes every resource type and log category, so
 * rows of other providers or categories are not Key Vault audit records.
 */
final class AzureDiagnosticsMapper {

    private AzureDiagnosticsMapper() {
    }

    /** Null when the row is not a Key Vault audit event. */
    static RawRecord map(Row row) {
        String provider = row.text("ResourceProvider");
        if (provider != null && !"MICROSOFT.KEYVAULT".equalsIgnoreCase(provider)) {
            return null;
        }
        String category = row.text("Category");
        if (category != null && !"AuditEvent".equalsIgnoreCase(category)) {
            return null;
        }
        return new RawRecord(
                row.text("TimeGenerated"),
                row.text("OperationName"),
                row.text("httpStatusCode_d"),
                row.text("ResultSignature"),
                row.text("ResultDescription"),
                row.firstText("ResourceId", "_ResourceId", "Resource"),
                row.text("id_s"),
                row.text("requestUri_s"),
                new Caller(row.firstText("identity_claim_oid_g",
                        "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g"),
                        row.text("identity_claim_appid_g"),
                        row.text("identity_claim_xms_mirid_s")));
    }

    /** Columns only this table has; a row with any of them is read as AzureDiagnostics. */
    static boolean recognises(Row row) {
        return row.has("ResourceProvider") || row.has("id_s") || row.has("requestUri_s")
                || row.has("httpStatusCode_d");
    }
}
