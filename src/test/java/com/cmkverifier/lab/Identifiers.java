package com.cmkverifier.lab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

/**
 * Stable identifiers derived from a label, so that the lab's ids do not depend on the order in which the story
 * is told: the same label always gives the same GUID or key version.
 */
final class Identifiers {

    private Identifiers() {
    }

    /** A name-based GUID, as Entra object and application ids look. */
    static String guid(String label) {
        return UUID.nameUUIDFromBytes(("cmkv-lab:" + label).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A random (version 4) GUID drawn from {@code random}, for correlation ids. */
    static String randomGuid(Random random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** A 32-hex key version id, as Key Vault assigns them. */
    static String keyVersion(String label) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("cmkv-lab-version:" + label).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
