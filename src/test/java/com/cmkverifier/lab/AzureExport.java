package com.cmkverifier.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The lab as Azure describes it (spec section 9), in the files a user exports: an {@code az graph query} answer of
 * the registered resources and the audit workspace, the vaults' diagnostic settings ({@code az monitor
 * diagnostic-settings list}), and the SQL server's encryption protector (ARM). Configuration matches the registry;
 * the one drift is the story's: a vault whose only diagnostic setting sends metrics, not AuditEvent.
 */
final class AzureExport {

    private static final List<Vault> VAULTS = List.of(SampleLab.PROD, SampleLab.AIP, SampleLab.DB, SampleLab.MSG,
            SampleLab.LOGS);

    private AzureExport() {
    }

    static void write(LabEvidence lab, Path out) {
        String workspace = "/subscriptions/" + SampleLab.SUBSCRIPTION
                + "/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security-prod";
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RegistryEntry e : lab.registry()) {
            if (e.resourceId() != null) {
                rows.add(resource(e, lab));
            }
        }
        rows.add(row(workspace, "law-security-prod", "microsoft.operationalinsights/workspaces", "rg-monitoring", null,
                map("customerId", lab.workspaceId(), "retentionInDays", 90, "sku", map("name", "PerGB2018"))));
        rows.sort(Comparator.comparing(r -> r.get("id").toString()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", rows.size());
        answer.put("data", rows);
        answer.put("skip_token", null);
        answer.put("total_records", rows.size());
        JsonOutput.write(out.resolve("resources.graph.json"), answer);
        JsonOutput.write(out.resolve("vault-diagnostic-settings.json"), diagnosticSettings(lab, workspace));
        for (RegistryEntry e : lab.registry()) {
            if (e.type().equals("Microsoft.Sql/servers")) {
                JsonOutput.write(out.resolve(e.name() + ".encryption-protector.json"), protector(e, lab));
            }
        }
    }

    private static Map<String, Object> resource(RegistryEntry e, LabEvidence lab) {
        String vaultUrl = e.key().substring(0, e.key().indexOf("/keys/"));
        String[] path = e.key().substring(e.key().indexOf("/keys/") + 6).split("/");
        String version = path.length > 1 ? path[1] : "";
        String uami = e.identity().get("resourceId");
        Map<String, Object> p = new LinkedHashMap<>();
        switch (e.type()) {
            case "Microsoft.Storage/storageAccounts" -> p.put("encryption", map("keySource", "Microsoft.Keyvault",
                    "keyvaultproperties", map("keyvaulturi", vaultUrl + "/", "keyname", path[0], "keyversion", version),
                    "services", map("blob", map("enabled", true, "keyType", "Account"))));
            case "Microsoft.Compute/diskEncryptionSets" -> {
                p.put("activeKey", map("keyUrl", e.key(), "sourceVault", map("id", vault(vaultUrl).armId())));
                p.put("encryptionType", "EncryptionAtRestWithCustomerKey");
                p.put("rotationToLatestKeyVersionEnabled", version.isEmpty());
            }
            case "Microsoft.DBforMySQL/flexibleServers", "Microsoft.DBforPostgreSQL/flexibleServers" ->
                    p.put("dataEncryption", map("type", "AzureKeyVault", "primaryKeyURI", e.key(),
                            "primaryUserAssignedIdentityId", uami));
            case "Microsoft.ServiceBus/namespaces" -> p.put("encryption", map("keySource", "Microsoft.KeyVault",
                    "keyVaultProperties", List.of(map("keyName", path[0], "keyVaultUri", vaultUrl, "keyVersion", version)),
                    "requireInfrastructureEncryption", false));
            case "Microsoft.OperationalInsights/clusters" -> p.put("keyVaultProperties", map("keyVaultUri", vaultUrl,
                    "keyName", path[0], "keyVersion", version, "keyRsaSize", 2048));
            default -> {
                // Microsoft.Sql/servers: the key is on the encryption protector, which ARM serves apart.
            }
        }
        p.put("provisioningState", "Succeeded");
        String[] id = e.resourceId().split("/");
        return row(e.resourceId(), e.name(), e.type().toLowerCase(), id[4], identity(e), p);
    }

    private static Map<String, Object> identity(RegistryEntry e) {
        String uami = e.identity().get("resourceId");
        if (uami != null) {
            return map("type", "UserAssigned", "userAssignedIdentities", map(uami, map(
                    "principalId", e.identity().get("principalId"), "clientId", e.identity().get("clientId"))));
        }
        return map("type", "SystemAssigned", "principalId", e.identity().get("principalId"),
                "tenantId", SampleLab.TENANT);
    }

    private static Map<String, Object> row(String id, String name, String type, String rg, Map<String, Object> identity,
                                           Map<String, Object> properties) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("name", name);
        r.put("type", type);
        r.put("location", "westeurope");
        r.put("resourceGroup", rg);
        r.put("subscriptionId", SampleLab.SUBSCRIPTION);
        if (identity != null) {
            r.put("identity", identity);
        }
        r.put("properties", properties);
        return r;
    }

    /** Every vault of the registry: AuditEvent to the workspace where the vault logs; metrics only where it does not. */
    private static List<Map<String, Object>> diagnosticSettings(LabEvidence lab, String workspace) {
        Set<String> logging = lab.events().stream().map(ev -> ev.vault().name()).collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        lab.registry().forEach(e -> used.add(vault(e.key().substring(0, e.key().indexOf("/keys/"))).name()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Vault v : VAULTS) {
            if (!used.contains(v.name())) {
                continue;
            }
            boolean audit = logging.contains(v.name());
            Map<String, Object> s = new LinkedHashMap<>();
            String name = audit ? "audit-to-law" : "metrics-to-law";
            s.put("id", v.armId() + "/providers/microsoft.insights/diagnosticSettings/" + name);
            s.put("name", name);
            s.put("type", "Microsoft.Insights/diagnosticSettings");
            s.put("logs", List.of(map("categoryGroup", "audit", "enabled", audit,
                    "retentionPolicy", map("days", 0, "enabled", false))));
            s.put("metrics", List.of(map("category", "AllMetrics", "enabled", true)));
            s.put("workspaceId", workspace);
            out.add(s);
        }
        return out;
    }

    /** The TDE protector as ARM answers it: the newest version of the key, following rotation automatically. */
    private static Map<String, Object> protector(RegistryEntry e, LabEvidence lab) {
        LabKey newest = lab.keyExports().stream().flatMap(x -> x.versions().stream())
                .filter(k -> k.versionlessUrl().equals(e.key()))
                .max(Comparator.comparing(LabKey::created)).orElseThrow();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("serverKeyName", newest.vault().name() + "_" + newest.name() + "_" + newest.version());
        p.put("serverKeyType", "AzureKeyVault");
        p.put("uri", newest.kid());
        p.put("autoRotationEnabled", true);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", e.resourceId() + "/encryptionProtector/current");
        r.put("name", "current");
        r.put("type", "Microsoft.Sql/servers/encryptionProtector");
        r.put("kind", "azurekeyvault");
        r.put("properties", p);
        return r;
    }

    /** An insertion-ordered map: Map.of iterates in a per-JVM order, and the committed lab must not change. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Vault vault(String url) {
        return VAULTS.stream().filter(v -> v.url().equals(url)).findFirst().orElseThrow();
    }
}
