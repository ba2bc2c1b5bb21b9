package com.cmkverifier.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Metadata of one key version, as Key Vault reports it. A version known only from a version listing has its
 * dates and enabled state but no type, size or operations ({@link #detailed()} is false).
 *
 * @param version      32-hex version id, lower case
 * @param keyType      {@code RSA}, {@code RSA-HSM}, {@code EC}, ...; null when unknown
 * @param keySizeBits  RSA modulus size; null when unknown
 * @param keyOps       permitted operations ({@code unwrapKey}, ...); null when unknown
 */
public record KeyVersion(String version, Boolean enabled, Instant notBefore, Instant expires, Instant created,
                         Instant updated, String recoveryLevel, String keyType, Integer keySizeBits,
                         List<String> keyOps) {

    public KeyVersion {
        version = version == null ? null : version.toLowerCase(Locale.ROOT);
        keyOps = keyOps == null ? null : List.copyOf(keyOps);
    }

    public boolean detailed() {
        return keyType != null || keyOps != null;
    }

    public boolean isEnabled() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** Fills what this version lacks from another description of the same version. */
    public KeyVersion mergedWith(KeyVersion o) {
        return new KeyVersion(version != null ? version : o.version,
                enabled != null ? enabled : o.enabled,
                notBefore != null ? notBefore : o.notBefore,
                expires != null ? expires : o.expires,
                created != null ? created : o.created,
                updated != null ? updated : o.updated,
                recoveryLevel != null ? recoveryLevel : o.recoveryLevel,
                keyType != null ? keyType : o.keyType,
                keySizeBits != null ? keySizeBits : o.keySizeBits,
                keyOps != null ? keyOps : o.keyOps);
    }
}
