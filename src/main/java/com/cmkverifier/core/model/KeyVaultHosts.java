package com.cmkverifier.core.model;

import java.util.List;
import java.util.Locale;

/**
 * The DNS suffixes of Key Vault and Managed HSM in the public, China and US Government clouds. A key URL on
 * any other host is refused before a request is made, so that no token is ever sent elsewhere.
 */
public final class KeyVaultHosts {

    public static final List<String> VAULT_SUFFIXES = List.of(
            "vault.azure.net", "vault.azure.cn", "vault.usgovcloudapi.net");
    public static final List<String> MANAGED_HSM_SUFFIXES = List.of(
            "managedhsm.azure.net", "managedhsm.azure.cn", "managedhsm.usgovcloudapi.net");

    private KeyVaultHosts() {
    }

    /** True when {@code host} is {@code <name>.<suffix>} for one of the suffixes above. */
    public static boolean isKeyVaultHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return suffixOf(h) != null;
    }

    public static boolean isManagedHsmHost(String host) {
        String suffix = host == null ? null : suffixOf(host.toLowerCase(Locale.ROOT));
        return suffix != null && suffix.startsWith("managedhsm.");
    }

    static String suffixOf(String lowerHost) {
        for (String s : VAULT_SUFFIXES) {
            if (lowerHost.endsWith("." + s)) {
                return s;
            }
        }
        for (String s : MANAGED_HSM_SUFFIXES) {
            if (lowerHost.endsWith("." + s)) {
                return s;
            }
        }
        return null;
    }

    static String suffixPattern() {
        StringBuilder sb = new StringBuilder();
        for (String s : VAULT_SUFFIXES) {
            sb.append(sb.length() == 0 ? "" : "|").append(s.replace(".", "\\."));
        }
        for (String s : MANAGED_HSM_SUFFIXES) {
            sb.append('|').append(s.replace(".", "\\."));
        }
        return sb.toString();
    }
}
