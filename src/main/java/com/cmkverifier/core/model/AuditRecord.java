package com.cmkverifier.core.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One Key Vault audit record (category AuditEvent), normalised from whichever shape it arrived in: archive
 * JSON, {@code AzureDiagnostics} or {@code AZKVAuditLogs}. Identifiers are lower case; absent values are null.
 *
 * @param time          when Key Vault handled the request
 * @param operation     operation name, e.g. {@code KeyUnwrap}, as logged
 * @param httpStatus    HTTP status, or {@link #UNKNOWN_STATUS} when the record carries none
 * @param vaultName     the vault or Managed HSM the record came from (from the resource id, else the key host)
 * @param key           the key the record concerns, or null for vault-level and secret operations
 * @param keyVersion    the key version named by the record, or null
 * @param caller        who called
 */
public record AuditRecord(Instant time, String operation, int httpStatus, String resultSignature,
                          String resultDescription, String vaultName, KeyId key, String keyVersion,
                          Caller caller) {

    public static final int UNKNOWN_STATUS = -1;

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(operation, "operation");
        caller = caller == null ? Caller.NONE : caller;
        // Resource ids arrive upper case; the key host names the vault when a shape carries no resource id.
        vaultName = vaultName != null ? vaultName.toLowerCase(Locale.ROOT) : key != null ? key.vaultName() : null;
        keyVersion = keyVersion == null ? null : keyVersion.toLowerCase(Locale.ROOT);
    }
}
