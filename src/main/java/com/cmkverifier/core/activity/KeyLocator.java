package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.KeyId;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the key an audit record concerns in its {@code id} or {@code requestUri} (spec section 4): host and
 * key name compared case-insensitively after dropping the port, query string, operation suffix
 * ({@code /unwrapkey}) and trailing slash; {@code deletedkeys/} names the same key.
 */
public final class KeyLocator {

    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{32}");

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
        String s = idOrUri.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        s = s.substring(scheme + 3);
        int cut = indexOfAny(s, '?', '#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int slash = s.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String host = s.substring(0, slash);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.isEmpty() || host.indexOf('.') < 0) {
            return null;
        }
        String[] seg = s.substring(slash + 1).split("/");
        if (seg.length < 2 || !(seg[0].equals("keys") || seg[0].equals("deletedkeys")) || seg[1].isEmpty()) {
            return null;
        }
        String version = null;
        for (int i = 2; i < seg.length; i++) {
            if (VERSION.matcher(seg[i]).matches()) {
                version = seg[i];
                break;
            }
        }
        return new Located(new KeyId(host, seg[1]), version);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
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
