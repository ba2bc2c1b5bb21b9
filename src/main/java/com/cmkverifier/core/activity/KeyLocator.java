package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.KeyId;

import java.util.Locale;

/**
 * Finds the key an audit record concerns in its {@code id} or {@code requestUri} (spec section 4): host and
 * key name compared case-insensitively after dropping the port, query string, operation suffix
 * ({@code /unwrapkey}) and trailing slash; {@code deletedkeys/} names the same key.
 */
public final class KeyLocator {

    /** The key and version a record names; {@code version} may be null. */
    public record Located(KeyId key, String version) {
    }

    private KeyLocator() {
    }

    /** Returns null when the string names no key (a vault, a secret, garbage). */
    public static Located locate(String idOrUri) {
        if (idOrUri == null || idOrUri.isEmpty()) {
            return null;
        }
        // Indexes into one lower-cased copy, no substrings but the two kept: this runs for every audit record.
        String s = idOrUri.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 3;
        int end = firstOf(s, start, '?', '#');
        int slash = s.indexOf('/', start);
        if (slash <= start || slash >= end) {
            return null;
        }
        int hostEnd = firstOf(s, start, ':', '/');
        if (hostEnd == start || s.lastIndexOf('.', hostEnd - 1) < start) {
            return null;
        }
        int nameStart = slash + 1 + (s.startsWith("keys/", slash + 1) ? 5
                : s.startsWith("deletedkeys/", slash + 1) ? 12 : end);
        if (nameStart >= end) {
            return null;
        }
        int nameEnd = segmentEnd(s, nameStart, end);
        if (nameEnd == nameStart) {
            return null;
        }
        String version = null;
        for (int from = nameEnd + 1; version == null && from < end; ) {
            int to = segmentEnd(s, from, end);
            if (isVersion(s, from, to)) {
                version = s.substring(from, to);
            }
            from = to + 1;
        }
        return new Located(new KeyId(s.substring(start, hostEnd), s.substring(nameStart, nameEnd)), version);
    }

    /** The first of {@code a} and {@code b} at or after {@code from}, else the string's length. */
    private static int firstOf(String s, int from, char a, char b) {
        int i = s.indexOf(a, from);
        int j = s.indexOf(b, from);
        return i < 0 ? (j < 0 ? s.length() : j) : (j < 0 ? i : Math.min(i, j));
    }

    private static int segmentEnd(String s, int from, int end) {
        int slash = s.indexOf('/', from);
        return slash < 0 || slash > end ? end : slash;
    }

    /** 32 lower-case hexadecimal digits. */
    private static boolean isVersion(String s, int from, int to) {
        if (to - from != 32) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The vault name in an upper- or lower-case ARM resource id ({@code .../VAULTS/{name}}), or null. */
    public static String vaultNameFromResourceId(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        String lower = resourceId.toLowerCase(Locale.ROOT);
        // The provider segment must precede the type: a resource group may be named "microsoft.keyvault-rg".
        for (String marker : new String[] {"/providers/microsoft.keyvault/vaults/",
                "/providers/microsoft.keyvault/managedhsms/"}) {
            int i = lower.lastIndexOf(marker);
            if (i >= 0) {
                String rest = lower.substring(i + marker.length());
                int end = rest.indexOf('/');
                String name = end < 0 ? rest : rest.substring(0, end);
                return name.isEmpty() ? null : name;
            }
        }
        return null;
    }
}
