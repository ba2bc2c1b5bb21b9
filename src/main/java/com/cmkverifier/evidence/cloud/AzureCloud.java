package com.cmkverifier.evidence.cloud;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An Azure cloud and the hosts of the services the verifier talks to there. A credential signs in at its own
 * cloud's authority only ({@code DefaultAzureCredential} without {@code AZURE_AUTHORITY_HOST} signs in to the public
 * cloud, and Entra there answers a China or US Government tenant with AADSTS90002 or AADSTS500011), so the cloud
 * is derived from the vault hosts and every other endpoint must belong to the same one. Hosts from
 * learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates (DNS suffixes), the Azure Monitor
 * sovereign-cloud endpoints (azure-monitor/logs/api/access-api) and azure-identity's {@code AzureAuthorityHosts}.
 */
public enum AzureCloud {

    PUBLIC("public", "https://login.microsoftonline.com", List.of("vault.azure.net", "managedhsm.azure.net"),
            List.of("api.loganalytics.azure.com", "api.loganalytics.io"), "management.azure.com", "core.windows.net"),
    CHINA("China", "https://login.chinacloudapi.cn", List.of("vault.azure.cn", "managedhsm.azure.cn"),
            List.of("api.loganalytics.azure.cn"), "management.chinacloudapi.cn", "core.chinacloudapi.cn"),
    US_GOVERNMENT("US Government", "https://login.microsoftonline.us", List.of("vault.usgovcloudapi.net",
            "managedhsm.usgovcloudapi.net"), List.of("api.loganalytics.us"), "management.usgovcloudapi.net",
            "core.usgovcloudapi.net");

    /** The setting that names the sign-in authority for azure-identity. */
    public static final String AUTHORITY_HOST_SETTING = "AZURE_AUTHORITY_HOST";

    private final String label;
    private final String authorityHost;
    private final List<String> vaultSuffixes;
    private final List<String> logsHosts;
    private final String armHost;
    private final String storageSuffix;

    AzureCloud(String label, String authorityHost, List<String> vaultSuffixes, List<String> logsHosts, String armHost,
               String storageSuffix) {
        this.label = label;
        this.authorityHost = authorityHost;
        this.vaultSuffixes = vaultSuffixes;
        this.logsHosts = logsHosts;
        this.armHost = armHost;
        this.storageSuffix = storageSuffix;
    }

    /** The Entra sign-in authority of this cloud, e.g. {@code https://login.chinacloudapi.cn}. */
    public String authorityHost() {
        return authorityHost;
    }

    /** The Logs Query API base URL of this cloud, e.g. {@code https://api.loganalytics.azure.cn/v1}. */
    public URI logsEndpoint() {
        return URI.create("https://" + logsHosts.get(0) + "/v1");
    }

    /** The Resource Manager endpoint of this cloud, e.g. {@code https://management.chinacloudapi.cn}. */
    public URI armEndpoint() {
        return URI.create("https://" + armHost);
    }

    /** {@code https://{account}.{service}.{suffix}}, e.g. a table or queue endpoint in this cloud. */
    public String storageEndpoint(String account, String service) {
        return "https://" + account + "." + service + "." + storageSuffix;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The cloud of a Key Vault or Managed HSM host ({@code kv.vault.azure.cn}), if it is one. */
    public static Optional<AzureCloud> ofVaultHost(String host) {
        String h = lower(host);
        return find(c -> c.vaultSuffixes.stream().anyMatch(s -> h.endsWith("." + s)));
    }

    /** The cloud of a Logs Query API host. */
    public static Optional<AzureCloud> ofLogsHost(String host) {
        return find(c -> c.logsHosts.contains(lower(host)));
    }

    /** The cloud of a Resource Manager host. */
    public static Optional<AzureCloud> ofArmHost(String host) {
        return find(c -> c.armHost.equals(lower(host)));
    }

    /** The cloud of a sign-in authority ({@code https://login.microsoftonline.us/} or its host). */
    public static Optional<AzureCloud> ofAuthority(String authority) {
        String host = lower(authority).replaceFirst("^https://", "").replaceFirst("/.*$", "");
        return find(c -> c.authorityHost.equals("https://" + host));
    }

    /**
     * The one cloud that the vaults and the configured endpoints belong to: from the vault hosts when there are
     * any, else from the Logs endpoint. An endpoint of another cloud fails with one line naming each setting
     * and its cloud, because a token of one cloud is refused by the others.
     *
     * @param vaultHosts    the hosts of the keys' vaults
     * @param endpoints     the configured endpoints (Logs, Resource Manager, sign-in authority); a null value is
     *                      a setting left unset
     * @throws IllegalArgumentException naming the settings of different clouds, or an endpoint of no known cloud
     */
    public static AzureCloud of(Collection<String> vaultHosts, List<Setting> endpoints) {
        Set<AzureCloud> clouds = EnumSet.noneOf(AzureCloud.class);
        List<String> named = new ArrayList<>();
        Set<String> vaultsByCloud = new TreeSet<>();
        for (String host : vaultHosts) {
            AzureCloud c = ofVaultHost(host).orElseThrow(() -> new IllegalArgumentException(
                    "key vault host " + host + " is in no known Azure cloud"));
            clouds.add(c);
            vaultsByCloud.add(host + " (" + c + ")");
        }
        if (!vaultsByCloud.isEmpty()) {
            named.add("the keys' vaults " + String.join(", ", vaultsByCloud));
        }
        for (Setting s : endpoints) {
            if (s.value() == null || s.value().isBlank()) {
                continue;
            }
            AzureCloud c = s.cloud().orElseThrow(() -> new IllegalArgumentException(
                    s.name() + " '" + s.value() + "' is in no known Azure cloud"));
            clouds.add(c);
            named.add(s.name() + " " + s.value() + " (" + c + ")");
        }
        if (clouds.size() > 1) {
            throw new IllegalArgumentException("the configuration mixes Azure clouds, whose tokens do not cross: "
                    + String.join("; ", named) + "; use one cloud's endpoints throughout");
        }
        return clouds.isEmpty() ? PUBLIC : clouds.iterator().next();
    }

    /** A configured endpoint: the setting's name, its value, and the cloud it belongs to (empty: none known). */
    public record Setting(String name, String value, Optional<AzureCloud> cloud) {

        /** @param endpoint the validated URL when the setting is set, else null */
        public static Setting logs(String name, URI endpoint) {
            return endpoint == null ? new Setting(name, null, Optional.empty())
                    : new Setting(name, endpoint.toString(), ofLogsHost(endpoint.getHost()));
        }

        /** @param endpoint the validated URL when the setting is set, else null */
        public static Setting arm(String name, URI endpoint) {
            return endpoint == null ? new Setting(name, null, Optional.empty())
                    : new Setting(name, endpoint.toString(), ofArmHost(endpoint.getHost()));
        }

        public static Setting authority(String value) {
            return new Setting(AUTHORITY_HOST_SETTING, value, value == null ? Optional.empty() : ofAuthority(value));
        }
    }

    private static Optional<AzureCloud> find(java.util.function.Predicate<AzureCloud> p) {
        for (AzureCloud c : values()) {
            if (p.test(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
