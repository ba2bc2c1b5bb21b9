package com.cmkverifier.testing.wire;

import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;

import java.time.Instant;

/** Audit records as Key Vault writes them, for the fake Logs API and the core alike. */
public final class SampleRecords {

    private SampleRecords() {
    }

    /** A KeyUnwrap by {@code principalId} on {@code version}; status 200 succeeds, 403 is a disabled key. */
    public static AuditRecord unwrap(Instant t, KeyId key, String version, String principalId, int status) {
        return new AuditRecord(t, "KeyUnwrap", status, status == 200 ? "OK" : "Forbidden",
                status == 200 ? null : "Operation unwrapKey is not allowed on a disabled key.", key.vaultName(), key,
                version, new Caller(principalId, null, null));
    }

    /** A vault-level record (no key): the vault logs, but not about any key. */
    public static AuditRecord vaultGet(Instant t, String vaultName) {
        return new AuditRecord(t, "VaultGet", 200, "OK", null, vaultName, null, null,
                new Caller(null, "509e4652-da8d-478d-a730-e9d4a1996ca4", null));
    }
}
