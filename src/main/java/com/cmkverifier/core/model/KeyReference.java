package com.cmkverifier.core.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registered key: {@code https://{vault}.{suffix}/keys/{name}[/{version}]}. Versionless means the resource
 * follows the latest version; versioned means it is pinned. Parsing is strict because the parts end up in
 * KQL and in requests that carry a token: ASCII only, Key Vault hosts only, no user-info, query or odd port.
 */
public record KeyReference(String vaultHost, String keyName, String version) {

    /** Vault and Managed HSM names: 3-24 characters, letter first, no trailing hyphen. */
    public static final Pattern VAULT_NAME = Pattern.compile("[a-z][a-z0-9-]{1,22}[a-z0-9]");
    /** Key names: 1-127 letters, digits and hyphens. */
    public static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9-]{1,127}");
    /** Key versions: 32 hexadecimal characters. */
    public static final Pattern KEY_VERSION = Pattern.compile("[0-9a-f]{32}");

    private static final Pattern URL = Pattern.compile(
            "https://([A-Za-z0-9-]{3,24})\\.(" + KeyVaultHosts.suffixPattern() + ")(?::443)?"
                    + "/keys/([A-Za-z0-9-]{1,127})(?:/([0-9A-Fa-f]{32}))?/?",
            Pattern.CASE_INSENSITIVE);

    public KeyReference {
        Objects.requireNonNull(vaultHost, "vaultHost");
        Objects.requireNonNull(keyName, "keyName");
        vaultHost = vaultHost.toLowerCase(Locale.ROOT);
        version = version == null || version.isEmpty() ? null : version.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a key URL.
     *
     * @throws IllegalArgumentException with a message fit for a user when the URL is not a Key Vault or
     *                                  Managed HSM key URL
     */
    public static KeyReference parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("is required: a key URL like https://{vault}.vault.azure.net/keys/{name}");
        }
        String trimmed = url.trim();
        Matcher m = URL.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException(describeRejection(trimmed));
        }
        String vault = m.group(1).toLowerCase(Locale.ROOT);
        if (!VAULT_NAME.matcher(vault).matches()) {
            throw new IllegalArgumentException("vault name '" + vault + "' is not a valid Key Vault name");
        }
        return new KeyReference(vault + "." + m.group(2).toLowerCase(Locale.ROOT), m.group(3), m.group(4));
    }

    private static String describeRejection(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://")) {
            return "must be an https:// Key Vault key URL";
        }
        String rest = url.substring("https://".length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        if (authority.contains("@")) {
            return "must not contain user information";
        }
        String host = authority.replaceFirst(":\\d*$", "");
        if (!KeyVaultHosts.isKeyVaultHost(host)) {
            return "host '" + host + "' is not a Key Vault or Managed HSM host (" + String.join(", ",
                    KeyVaultHosts.VAULT_SUFFIXES) + ", " + String.join(", ", KeyVaultHosts.MANAGED_HSM_SUFFIXES) + ")";
        }
        if (!authority.equals(host) && !authority.endsWith(":443")) {
            return "must use the default HTTPS port";
        }
        String path = slash < 0 ? "" : rest.substring(slash);
        if (path.contains("?") || path.contains("#")) {
            return "must not carry a query string or fragment";
        }
        String[] seg = path.split("/", -1);
        int parts = seg.length > 3 && seg[seg.length - 1].isEmpty() ? seg.length - 1 : seg.length;
        if (parts < 3 || parts > 4 || !seg[1].equalsIgnoreCase("keys")) {
            return "path must be /keys/{name}[/{version}]";
        }
        if (!KEY_NAME.matcher(seg[2]).matches()) {
            return "key name must be 1-127 letters, digits and hyphens";
        }
        if (parts == 4 && !KEY_VERSION.matcher(seg[3].toLowerCase(Locale.ROOT)).matches()) {
            return "key version must be 32 hexadecimal characters";
        }
        return "must look like https://{vault}.vault.azure.net/keys/{name}[/{32-hex version}] without query or fragment";
    }

    /** The vault (or Managed HSM) name: the first label of the host. */
    public String vaultName() {
        return vaultHost.substring(0, vaultHost.indexOf('.'));
    }

    public boolean isPinned() {
        return version != null;
    }

    /** Case-insensitive identity of the key regardless of version: what audit records are matched on. */
    public KeyId keyId() {
        return new KeyId(vaultHost, keyName);
    }

    public String vaultUrl() {
        return "https://" + vaultHost;
    }

    public String url() {
        return "https://" + vaultHost + "/keys/" + keyName + (version == null ? "" : "/" + version);
    }

    @Override
    public String toString() {
        return url();
    }
}
