package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.evidence.offline.LenientJson;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Maps an archived audit record (storage blob, Event Hub, top-level array). Vaults put {@code httpStatusCode},
 * {@code id} and {@code requestUri} under {@code properties}; the Managed HSM sample has them at top level.
 */
final class ArchiveRecordMapper {

    private ArchiveRecordMapper() {
    }

    static RawRecord map(JsonNode r) {
        JsonNode props = r.get("properties");
        return new RawRecord(
                LenientJson.text(r.get("time")),
                LenientJson.text(r.get("operationName")),
                either(props, r, "httpStatusCode"),
                LenientJson.text(r.get("resultSignature")),
                LenientJson.text(r.get("resultDescription")),
                LenientJson.text(r.get("resourceId")),
                either(props, r, "id"),
                either(props, r, "requestUri"),
                Claims.caller(r.get("identity")));
    }

    private static String either(JsonNode props, JsonNode record, String field) {
        String v = props == null ? null : LenientJson.text(props.get(field));
        return v != null ? v : LenientJson.text(record.get(field));
    }
}
