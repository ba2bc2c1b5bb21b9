package com.cmkverifier.evidence.keyvault;

import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.cmkverifier.core.model.KeyVersion;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** Translates the Key Vault SDK's key models into the core's {@link KeyVersion}; no key material is kept. */
final class KeyBundles {

    private KeyBundles() {
    }

    /** A version with details when {@code jwk} is given, else one known only from a version listing. */
    static KeyVersion version(KeyProperties p, JsonWebKey jwk) {
        String type = jwk == null || jwk.getKeyType() == null ? null : jwk.getKeyType().toString();
        Integer size = jwk == null || jwk.getN() == null ? null : new BigInteger(1, jwk.getN()).bitLength();
        List<String> ops = jwk == null || jwk.getKeyOps() == null ? null
                : jwk.getKeyOps().stream().map(KeyOperation::toString).toList();
        return new KeyVersion(p.getVersion(), p.isEnabled(), instant(p.getNotBefore()), instant(p.getExpiresOn()),
                instant(p.getCreatedOn()), instant(p.getUpdatedOn()), p.getRecoveryLevel(), type, size, ops);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
