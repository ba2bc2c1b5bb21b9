package com.cmkverifier.discovery;

import com.cmkverifier.core.model.KeyReference;

/**
 * Builds the registry's key reference from the ways resources state a key: a full key URL, or a vault URI with
 * a key name and an optional version. Host lower case, no port, query or trailing slash (spec section 9).
 */
public final class KeyUrls {

    private KeyUrls() {
    }

    /**
     * @param versionless true where the service follows the newest version although the URL carries one (a disk
     *                    encryption set with {@code rotationToLatestKeyVersionEnabled})
     * @throws IllegalArgumentException naming what is wrong when the URL is not a Key Vault key URL
     */
    public static KeyReference parse(String url, boolean versionless) {
        String u = url.trim();
        int q = u.indexOf('?');
        KeyReference k = KeyReference.parse(q < 0 ? u : u.substring(0, q));
        return versionless ? new KeyReference(k.vaultHost(), k.keyName(), null) : k;
    }

    public static KeyReference of(String vaultUri, String keyName, String version) {
        String base = vaultUri.trim().replaceAll("/+$", "");
        return parse(base + "/keys/" + keyName.trim() + (version == null || version.isBlank() ? "" : "/" + version.trim()),
                false);
    }
}
