package com.cmkverifier.lab;

import java.time.Instant;
import java.util.List;

/**
 * One version of a key, as the lab's key metadata describes it.
 *
 * @param modulusBits RSA modulus size; the exported {@code n} has that many bits
 * @param expires     null for a version without expiry
 */
record LabKey(Vault vault, String name, String version, String keyType, int modulusBits, List<String> keyOps,
              boolean enabled, Instant created, Instant updated, Instant expires, String recoveryLevel) {

    /** Purge protection on: the only level under which a deleted key cannot be lost for good. */
    static final String RECOVERABLE = "Recoverable";

    String kid() {
        return vault.url() + "/keys/" + name + "/" + version;
    }

    String versionlessUrl() {
        return vault.url() + "/keys/" + name;
    }

    LabKey disabledAt(Instant when) {
        return new LabKey(vault, name, version, keyType, modulusBits, keyOps, false, created, when, expires,
                recoveryLevel);
    }
}
