package com.cmkverifier.lab;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The bundled sample lab: the seed article's lab (a storage account, a disk encryption set, an Information
 * Protection tenant key, a MySQL server whose key was disabled) plus the cases a production estate adds, told
 * as a day of Key Vault audit events around a fixed evaluation time. samples/lab/README.md gives the expected
 * verdict of every resource and why.
 */
final class SampleLab {

    static final Instant EVALUATION_TIME = Instant.parse("2026-11-20T06:00:00Z");
    static final String WINDOW = "P1D";
    /** Someone disabled the MySQL key, as the seed's author did to test the change. */
    static final Instant KEY_DISABLED_AT = Instant.parse("2026-11-20T02:57:41Z");
    /** Events start an hour before the window, and the export was taken 7 minutes after the evaluation time. */
    private static final Instant START = EVALUATION_TIME.minus(Duration.ofHours(25));
    private static final Instant END = EVALUATION_TIME.plus(Duration.ofMinutes(7));
    private static final long SEED = 20261120L;

    private static final String AZURE_PORTAL_APP_ID = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c";
    private static final String AZURE_CLI_APP_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

    private static final List<String> ALL_OPS = List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");
    private static final List<String> WRAP_OPS = List.of("wrapKey", "unwrapKey");

    static final String SUBSCRIPTION = Identifiers.guid("subscription/prod");
    static final String TENANT = Identifiers.guid("tenant/contoso");
    static final String WORKSPACE = Identifiers.guid("workspace/law-security-prod");

    static final Vault PROD = new Vault(SUBSCRIPTION, "rg-security", "kv-cmk-prod");
    static final Vault AIP = new Vault(SUBSCRIPTION, "rg-security", "kv-aip-byok");
    static final Vault DB = new Vault(SUBSCRIPTION, "rg-data", "kv-cmk-db");
    static final Vault MSG = new Vault(SUBSCRIPTION, "rg-messaging", "kv-cmk-msg");
    /** No diagnostic setting: this vault never appears in the evidence. */
    static final Vault LOGS = new Vault(SUBSCRIPTION, "rg-monitoring", "kv-cmk-logs");

    private final Random random = new Random(SEED);
    private final List<AuditEvent> events = new ArrayList<>();
    private final AuditEvents log = new AuditEvents(random, events::add);
    private final List<RegistryEntry> registry = new ArrayList<>();
    private final List<LabEvidence.KeyExport> exports = new ArrayList<>();
    private final CallerIdentity admin = new CallerIdentity(Identifiers.guid("user/kv-admin"), AZURE_PORTAL_APP_ID,
            null, "kv-admin@contoso.example", true, "203.0.113.24", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Azure Portal");

    private SampleLab() {
    }

    static LabEvidence build() {
        return new SampleLab().tell();
    }

    private LabEvidence tell() {
        storageAccount();
        diskEncryptionSet();
        informationProtection();
        mysqlWithDisabledKey();
        postgresWithoutUse();
        sqlWithStaleVersion();
        serviceBusWithExpiredKey();
        logAnalyticsClusterWithoutDiagnostics();
        vaultNoise();
        events.sort(Comparator.comparing(AuditEvent::time));
        return new LabEvidence(EVALUATION_TIME, WINDOW,
                "cmk-verifier sample lab: eight CMK-protected resources in one subscription, one day of Key Vault"
                        + " audit events around the evaluation time; see README.md for the expected verdicts",
                List.copyOf(registry), List.copyOf(events), List.copyOf(exports), WORKSPACE, MSG,
                new LabEvidence.BlobRef(AIP, Instant.parse("2026-11-19T12:00:00Z")),
                new LabEvidence.BlobRef(PROD, EVALUATION_TIME.truncatedTo(ChronoUnit.HOURS)));
    }

    // --- the resources -------------------------------------------------------------------------------------

    private void storageAccount() {
        LabKey previous = key(PROD, "stg-cmk", "v1", "RSA", 3072, ALL_OPS, "2025-10-11T09:12:40Z", null);
        LabKey current = key(PROD, "stg-cmk", "v2", "RSA", 3072, ALL_OPS, "2026-10-11T09:12:40Z", "2028-10-11T09:12:40Z");
        export("kv-cmk-prod/stg-cmk.json", KeyMetadataWriter.Form.REST_BUNDLE, current);
        export("kv-cmk-prod/stg-cmk.versions.json", KeyMetadataWriter.Form.REST_VERSIONS, previous, current);
        String id = resourceId("rg-data", "Microsoft.Storage/storageAccounts", "stcmkdata");
        CallerIdentity caller = systemAssigned("stcmkdata", id, "20.38.117.52", "Azure Storage Resource Provider/1.0");
        register("stcmkdata", "Microsoft.Storage/storageAccounts", id, current.versionlessUrl(),
                principal(caller), Map.of("owner", "team-data", "env", "prod"));
        periodic(Duration.ofMinutes(25), START, END, t -> log.keyOp(t, current, caller, "KeyUnwrap", 200, null));
        periodic(Duration.ofHours(3), START, END, t -> log.keyOp(t, current, caller, "KeyWrap", 200, null));
        periodic(Duration.ofHours(12), START, END, t -> log.keyGet(t, current, caller));
        // Someone without permission looks at the key: a failure, but not of the expected identity.
        CallerIdentity developer = CallerIdentity.application(Identifiers.guid("user/developer"), AZURE_CLI_APP_ID,
                "198.51.100.77", "azure-cli/2.66.0");
        log.keyOp(Instant.parse("2026-11-19T15:42:09.3312004Z"), current, developer, "KeyGet", 403,
                "The user, group or application 'appid=" + AZURE_CLI_APP_ID + ";oid=" + developer.objectId()
                        + ";iss=https://sts.windows.net/" + TENANT + "/' does not have keys get permission on key vault"
                        + " 'kv-cmk-prod;location=westeurope'. For help resolving this issue, please see"
                        + " https://go.microsoft.com/fwlink/?linkid=2125287");
    }

    private void diskEncryptionSet() {
        LabKey key = key(PROD, "des-cmk", "v1", "RSA", 2048, WRAP_OPS, "2026-03-02T14:03:11Z", null);
        export("kv-cmk-prod/des-cmk.json", KeyMetadataWriter.Form.AZ_SHOW, key);
        String id = resourceId("rg-compute", "Microsoft.Compute/diskEncryptionSets", "des-prod-vms");
        // Compute calls through a path that carries the object id in the long claim.
        CallerIdentity caller = systemAssigned("des-prod-vms", id, "52.236.186.40", "Microsoft.Compute DiskRP/1.0")
                .withLongObjectIdClaim();
        register("des-prod-vms", "Microsoft.Compute/diskEncryptionSets", id, key.kid(), principal(caller),
                Map.of("owner", "team-platform", "env", "prod"));
        periodic(Duration.ofMinutes(70), START, END, t -> log.keyOp(t, key, caller, "KeyUnwrap", 200, null));
        periodic(Duration.ofHours(6), START, END, t -> log.keyOp(t, key, caller, "KeyWrap", 200, null));
    }

    private void informationProtection() {
        LabKey key = key(AIP, "aip-tenant-key", "v1", "RSA-HSM", 2048, ALL_OPS, "2024-03-15T10:20:00Z", null);
        export("kv-aip-byok/aip-tenant-key.json", KeyMetadataWriter.Form.REST_BUNDLE, key);
        // No identity registered: Microsoft Rights Management Services is the type's default caller.
        CallerIdentity rms = CallerIdentity.application(Identifiers.guid("sp/rms"), PlatformCallers.RMS_APP_ID, "13.69.67.62",
                "Microsoft.RightsManagementServices/1.0");
        register("aip-tenant-key", "Microsoft.InformationProtection", null, key.kid(), Map.of(),
                Map.of("owner", "team-compliance", "env", "prod"));
        periodic(Duration.ofMinutes(15), START, END, t -> log.keyOp(t, key, rms, "KeyDecrypt", 200, null));
        periodic(Duration.ofMinutes(40), START, END, t -> log.keyOp(t, key, rms, "KeySign", 200, null));
    }

    private void mysqlWithDisabledKey() {
        LabKey key = key(DB, "mysql-cmk", "v1", "RSA", 2048, ALL_OPS, "2026-06-01T08:45:00Z", null)
                .disabledAt(KEY_DISABLED_AT);
        export("kv-cmk-db/mysql-cmk.json", KeyMetadataWriter.Form.REST_BUNDLE, key);
        CallerIdentity caller = userAssigned("id-mysql-orders", "51.105.40.77", "azsdk-net-Security.KeyVault.Keys/4.5.0");
        register("mysql-orders", "Microsoft.DBforMySQL/flexibleServers",
                resourceId("rg-data", "Microsoft.DBforMySQL/flexibleServers", "mysql-orders"), key.versionlessUrl(),
                userAssignedIdentity(caller), Map.of("owner", "team-orders", "env", "prod"));
        periodic(Duration.ofMinutes(20), START, KEY_DISABLED_AT, t -> log.keyOp(t, key, caller, "KeyUnwrap", 200, null));
        periodic(Duration.ofHours(6), START, END, t -> log.keyGet(t, key, caller));
        log.keyOp(KEY_DISABLED_AT, key, admin, "KeyUpdate", 200, null);
        periodic(Duration.ofMinutes(10), KEY_DISABLED_AT, END, t -> log.keyOp(t, key, caller, "KeyUnwrap", 403,
                "Operation unwrapKey is not allowed on a disabled key."));
    }

    private void postgresWithoutUse() {
        LabKey key = key(DB, "pg-cmk", "v1", "RSA", 2048, ALL_OPS, "2026-07-14T16:30:05Z", null);
        export("kv-cmk-db/pg-cmk.json", KeyMetadataWriter.Form.AZ_SHOW, key);
        CallerIdentity caller = userAssigned("id-pg-analytics", "51.105.40.91", "azsdk-java-azure-security-keyvault-keys/4.8.0");
        register("pg-analytics", "Microsoft.DBforPostgreSQL/flexibleServers",
                resourceId("rg-data", "Microsoft.DBforPostgreSQL/flexibleServers", "pg-analytics"),
                key.versionlessUrl(), userAssignedIdentity(caller), Map.of("owner", "team-analytics", "env", "prod"));
        // Reads the key, never unwraps with it: KeyGet is not proof of use.
        periodic(Duration.ofHours(8), START, END, t -> log.keyGet(t, key, caller));
    }

    private void sqlWithStaleVersion() {
        LabKey old = key(PROD, "sql-tde-cmk", "v1", "RSA", 2048, ALL_OPS, "2026-05-20T07:00:00Z", null);
        LabKey rotated = key(PROD, "sql-tde-cmk", "v2", "RSA", 2048, ALL_OPS,
                EVALUATION_TIME.minus(Duration.ofDays(3)).toString(), null);
        export("kv-cmk-prod/sql-tde-cmk.json", KeyMetadataWriter.Form.AZ_SHOW, rotated);
        export("kv-cmk-prod/sql-tde-cmk.versions.json", KeyMetadataWriter.Form.AZ_LIST_VERSIONS, old, rotated);
        String id = resourceId("rg-data", "Microsoft.Sql/servers", "sql-billing");
        CallerIdentity caller = systemAssigned("sql-billing", id, "40.68.37.158", "Microsoft.Sql.KeyVault/1.0");
        register("sql-billing", "Microsoft.Sql/servers", id, old.versionlessUrl(), principal(caller),
                Map.of("owner", "team-billing", "env", "prod"));
        log.keyRotate(rotated.created(), rotated, cliAdmin());
        periodic(Duration.ofMinutes(50), START, END, t -> log.keyOp(t, old, caller, "KeyUnwrap", 200, null));
        periodic(Duration.ofHours(6), START, END, t -> log.keyOp(t, old, caller, "KeyWrap", 200, null));
        periodic(Duration.ofHours(12), START, END, t -> log.keyGet(t, rotated, caller));
    }

    private void serviceBusWithExpiredKey() {
        LabKey key = key(MSG, "sb-cmk", "v1", "RSA", 2048, ALL_OPS,
                EVALUATION_TIME.minus(Duration.ofDays(375)).toString(),
                EVALUATION_TIME.minus(Duration.ofDays(10)).toString());
        export("kv-cmk-msg/sb-cmk.json", KeyMetadataWriter.Form.REST_BUNDLE, key);
        String id = resourceId("rg-messaging", "Microsoft.ServiceBus/namespaces", "sb-events");
        CallerIdentity caller = systemAssigned("sb-events", id, "20.50.2.13", "ServiceBus.KeyVaultClient/1.0");
        register("sb-events", "Microsoft.ServiceBus/namespaces", id, key.versionlessUrl(), principal(caller),
                Map.of("owner", "team-integration", "env", "prod"));
        // Service Bus polls its key every 5 minutes; the lab keeps one in three of those calls.
        periodic(Duration.ofMinutes(15), START, END, t -> log.keyOp(t, key, caller, "KeyUnwrap", 200, null));
        periodic(Duration.ofHours(4), START, END, t -> log.keyGet(t, key, caller));
    }

    private void logAnalyticsClusterWithoutDiagnostics() {
        LabKey key = key(LOGS, "la-cmk", "v1", "RSA", 2048, ALL_OPS, "2026-02-01T11:11:11Z", null);
        export("kv-cmk-logs/la-cmk.json", KeyMetadataWriter.Form.AZ_SHOW, key);
        String id = resourceId("rg-monitoring", "Microsoft.OperationalInsights/clusters", "la-cluster");
        register("la-cluster", "Microsoft.OperationalInsights/clusters", id, key.versionlessUrl(),
                principal(systemAssigned("la-cluster", id, "20.50.65.80", "LogAnalytics/1.0")),
                Map.of("owner", "team-platform", "env", "prod"));
    }

    /** What else the vaults log: platform readers, applications reading secrets, other keys in use. */
    private void vaultNoise() {
        for (Vault v : List.of(PROD, AIP, DB, MSG)) {
            periodic(Duration.ofHours(8), START, END, t -> log.listKeys(t, v, PlatformCallers.POLICY_INSIGHTS));
            periodic(Duration.ofHours(12), START, END, t -> log.vaultGet(t, v, admin));
        }
        exports.stream().map(e -> e.versions().get(e.versions().size() - 1)).distinct()
                .filter(k -> k.vault() != LOGS)
                .forEach(k -> periodic(Duration.ofHours(6), START, END, t -> log.keyGet(t, k, PlatformCallers.RESOURCE_GRAPH)));
        String webId = resourceId("rg-apps", "Microsoft.Web/sites", "app-orders-web");
        CallerIdentity web = systemAssigned("app-orders-web", webId, "20.105.216.9", "azsdk-net-Security.KeyVault.Secrets/4.5.0");
        periodic(Duration.ofMinutes(30), START, END, t -> log.secretGet(t, PROD, "storage-connection", web, 200));
        periodic(Duration.ofMinutes(40), START, END, t -> log.secretGet(t, DB, "orders-db-password", web, 200));
        LabKey backup = key(PROD, "backup-cmk", "v1", "RSA", 2048, ALL_OPS, "2026-01-10T12:00:00Z", null);
        String vaultId = resourceId("rg-backup", "Microsoft.RecoveryServices/vaults", "rsv-backup-prod");
        CallerIdentity rsv = systemAssigned("rsv-backup-prod", vaultId, "51.144.88.3", "Microsoft.RecoveryServices/1.0");
        periodic(Duration.ofMinutes(45), START, END, t -> log.keyOp(t, backup, rsv, "KeyUnwrap", 200, null));
        LabKey reporting = key(DB, "reporting-cmk", "v1", "RSA", 2048, ALL_OPS, "2026-04-02T09:00:00Z", null);
        String adfId = resourceId("rg-data", "Microsoft.DataFactory/factories", "adf-reporting");
        CallerIdentity adf = systemAssigned("adf-reporting", adfId, "20.86.93.40", "Microsoft.DataFactory/1.0");
        periodic(Duration.ofMinutes(35), START, END, t -> log.keyOp(t, reporting, adf, "KeyUnwrap", 200, null));
    }

    // --- building blocks ------------------------------------------------------------------------------------

    private static LabKey key(Vault vault, String name, String label, String kty, int bits, List<String> ops,
                              String created, String expires) {
        Instant c = Instant.parse(created);
        return new LabKey(vault, name, Identifiers.keyVersion(vault.name() + "/" + name + "/" + label), kty, bits, ops,
                true, c, c, expires == null ? null : Instant.parse(expires), LabKey.RECOVERABLE);
    }

    private void export(String path, KeyMetadataWriter.Form form, LabKey... versions) {
        exports.add(new LabEvidence.KeyExport(path, form, List.of(versions)));
    }

    private void register(String name, String type, String resourceId, String key, Map<String, String> identity,
                          Map<String, String> tags) {
        registry.add(new RegistryEntry(name, type, resourceId, key, identity, WORKSPACE, tags));
    }

    static String resourceId(String resourceGroup, String type, String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + resourceGroup + "/providers/" + type + "/" + name;
    }

    /** A system-assigned identity: its {@code xms_mirid} is the resource itself, as tokens spell it. */
    private static CallerIdentity systemAssigned(String name, String resourceId, String ip, String clientInfo) {
        return CallerIdentity.managed(Identifiers.guid("principal/" + name), Identifiers.guid("app/" + name),
                resourceId.replace("/resourceGroups/", "/resourcegroups/"), ip, clientInfo);
    }

    private static CallerIdentity userAssigned(String name, String ip, String clientInfo) {
        return systemAssigned(name, resourceId("rg-identity", "Microsoft.ManagedIdentity/userAssignedIdentities", name),
                ip, clientInfo);
    }

    private CallerIdentity cliAdmin() {
        return new CallerIdentity(admin.objectId(), AZURE_CLI_APP_ID, null, admin.upn(), false, admin.ipAddress(),
                "azure-cli/2.66.0 azsdk-python-keyvault-keys/4.9.0");
    }

    private static Map<String, String> principal(CallerIdentity c) {
        return Map.of("principalId", c.objectId());
    }

    private static Map<String, String> userAssignedIdentity(CallerIdentity c) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("principalId", c.objectId());
        identity.put("clientId", c.appId());
        identity.put("resourceId", c.managedIdentityResourceId()
                .replace("/resourcegroups/", "/resourceGroups/"));
        return identity;
    }

    /** Calls {@code emit} at jittered intervals of about {@code mean} from {@code from} until {@code to}. */
    private void periodic(Duration mean, Instant from, Instant to, Consumer<Instant> emit) {
        for (Instant t = from.plus(jitter(mean)); t.isBefore(to); t = t.plus(jitter(mean))) {
            emit.accept(t);
        }
    }

    /** 60% to 140% of {@code mean}, at the 100 ns resolution of audit timestamps. */
    private Duration jitter(Duration mean) {
        long ticks = (long) (mean.toNanos() / 100 * (0.6 + 0.8 * random.nextDouble()));
        return Duration.ofNanos(ticks * 100);
    }
}
