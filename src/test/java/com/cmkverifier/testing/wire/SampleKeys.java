package com.cmkverifier.testing.wire;

import com.cmkverifier.core.model.KeyVersion;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Key versions as a test vault holds them: detailed, with distinct 32-hex versions and creation times. */
public final class SampleKeys {

    public static final List<String> CMK_OPS = List.of("wrapKey", "unwrapKey", "encrypt", "decrypt");

    private SampleKeys() {
    }

    /** A 32-hex version id derived from {@code n}. */
    public static String version(int n) {
        return String.format(Locale.ROOT, "%032x", n + 0xabc0L);
    }

    /** An enabled RSA 2048 version created at {@code created}, never expiring, purge protected. */
    public static KeyVersion rsa(int n, Instant created) {
        return new KeyVersion(version(n), true, null, null, created, created, "Recoverable", "RSA", 2048, CMK_OPS);
    }

    public static KeyVersion disabled(KeyVersion v) {
        return new KeyVersion(v.version(), false, v.notBefore(), v.expires(), v.created(), v.updated(),
                v.recoveryLevel(), v.keyType(), v.keySizeBits(), v.keyOps());
    }
}
