package com.cmkverifier.evidence.keyvault;

import com.cmkverifier.core.model.KeyVaultHosts;

import java.net.URL;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The vault a request URL is for: its host when that is a Key Vault or Managed HSM host, else the overridden
     * vault whose endpoint the URL starts with.
     */
    public Optional<String> vaultHostOf(URL url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (KeyVaultHosts.isKeyVaultHost(host) && url.getPort() == -1) {
            return Optional.of(host);
        }
        String u = url.toString();
        String[] path = url.getPath().split("/");
        String named = path.length > 1 ? path[1].toLowerCase(Locale.ROOT) : "";
        if (overrides.containsKey(named) && u.startsWith(overrides.get(named) + "/")) {
            // The wire fakes serve each vault under its host's path: found without scanning every override.
            return Optional.of(named);
        }
        return overrides.entrySet().stream().filter(e -> u.startsWith(e.getValue() + "/") || u.equals(e.getValue()))
                .map(Map.Entry::getKey).findFirst();
    }

    public boolean isOverridden(String vaultHost) {
        return overrides.containsKey(vaultHost);
    }
}
