package com.cmkverifier.lab;

import java.time.Instant;
import java.util.Map;

/**
 * One Key Vault audit event before it is written in a sink's shape (archive JSON line, AZKVAuditLogs row).
 *
 * @param objectId    what {@code properties.id} names: a key version, a secret, the vault
 * @param requestUri  the request, with its operation suffix and {@code ?api-version=}
 * @param description the error text; null when Key Vault leaves it empty
 */
record AuditEvent(Instant time, Vault vault, String operation, String operationVersion, int httpStatus,
                  String description, CallerIdentity caller, String objectId, String requestUri, int durationMs,
                  String correlationId) {

    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 202, "Accepted", 400, "Bad Request",
            401, "Unauthorized", 403, "Forbidden", 404, "Not Found", 409, "Conflict", 429, "Too Many Requests");

    String resultSignature() {
        return REASONS.getOrDefault(httpStatus, String.valueOf(httpStatus));
    }

    /** Key Vault writes Success even on 403s (audit-logs.md): only the HTTP status tells a failure. */
    String resultType() {
        return "Success";
    }
}
