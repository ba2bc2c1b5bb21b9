package com.cmkverifier.evidence.keyvault;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where requests for a vault host go. In production that is the vault itself ({@code https://{host}}). An
 * override sends a vault's requests elsewhere: it exists for the wire-level tests (a local HTTPS server) and
 * for private endpoints reached under another name. Only overridden vaults skip the SDK's check that the
 * challenge's resource matches the request host, because a local server cannot match it.
 */
public final class VaultEndpoints {

    public static final VaultEndpoints DIRECT = new VaultEndpoints(Map.of());

    private final Map<String, String> overrides;

    private VaultEndpoints(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** Sends the requests of each vault host (a key) to the https base URL given (its value). */
    public static VaultEndpoints overriding(Map<String, String> vaultHostToUrl) {
        vaultHostToUrl.values().forEach(url -> {
            if (!url.toLowerCase(Locale.ROOT).startsWith("https://")) {
                throw new IllegalArgumentException("vault endpoint override must be https (tokens travel on it): " + url);
            }
        });
        Map<String, String> lower = new HashMap<>();
        vaultHostToUrl.forEach((h, u) -> lower.put(h.toLowerCase(Locale.ROOT), u));
        return new VaultEndpoints(lower);
    }

    public String urlFor(String vaultHost) {
        return overrides.getOrDefault(vaultHost, "https://" + vaultHost);
    }

    public boolean isOverridden(String vaultHost) {
        return overrides.containsKey(vaultHost);
    }
}
