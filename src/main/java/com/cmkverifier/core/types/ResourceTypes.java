package com.cmkverifier.core.types;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Per-type defaults from {@code services.md}. Unknown types fall back to KeyUnwrap and KeyWrap as proof. */
public final class ResourceTypes {

    public static final String STORAGE = "Microsoft.Storage/storageAccounts";
    public static final String DISK_ENCRYPTION_SET = "Microsoft.Compute/diskEncryptionSets";
    public static final String SQL_SERVER = "Microsoft.Sql/servers";
    public static final String SQL_MANAGED_INSTANCE = "Microsoft.Sql/managedInstances";
    public static final String MYSQL_FLEXIBLE = "Microsoft.DBforMySQL/flexibleServers";
    public static final String POSTGRES_FLEXIBLE = "Microsoft.DBforPostgreSQL/flexibleServers";
    public static final String COSMOS_DB = "Microsoft.DocumentDB/databaseAccounts";
    public static final String INFORMATION_PROTECTION = "Microsoft.InformationProtection";
    public static final String LOG_ANALYTICS_CLUSTER = "Microsoft.OperationalInsights/clusters";
    public static final String SERVICE_BUS = "Microsoft.ServiceBus/namespaces";
    public static final String EVENT_HUBS = "Microsoft.EventHub/namespaces";
    public static final String KUSTO = "Microsoft.Kusto/clusters";
    public static final String AKS = "Microsoft.ContainerService/managedClusters";
    public static final String RECOVERY_SERVICES = "Microsoft.RecoveryServices/vaults";
    public static final String DATA_FACTORY = "Microsoft.DataFactory/factories";
    public static final String SYNAPSE = "Microsoft.Synapse/workspaces";

    /** Cosmos DB's first-party caller, public cloud and US Government (services.md). */
    public static final String COSMOS_APP_ID = "a232010e-820c-4083-83bb-3ace5fc29d0b";
    public static final String COSMOS_APP_ID_USGOV = "57506a73-e302-42a9-b869-6f12d9ec29e9";
    /** Microsoft Rights Management Services, the Information Protection caller. */
    public static final String RMS_APP_ID = "00000012-0000-0000-c000-000000000000";

    /** Operations whose success uses the key; KeyGet and listing never do. */
    public static final Set<String> USE_OPERATIONS = Set.of(
            "KeyUnwrap", "KeyWrap", "KeyDecrypt", "KeyEncrypt", "KeySign", "KeyVerify");

    private static final List<String> WRAP = List.of("KeyUnwrap", "KeyWrap");
    private static final Set<String> RSA = Set.of("RSA", "RSA-HSM");

    private static final Map<String, ResourceTypeProfile> PROFILES = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        add(STORAGE, WRAP, Set.of(), 2048, Set.of(2048, 3072, 4096));
        add(DISK_ENCRYPTION_SET, WRAP, Set.of(), 2048, Set.of());
        add(SQL_SERVER, WRAP, Set.of(), 2048, Set.of(2048, 3072));
        add(SQL_MANAGED_INSTANCE, WRAP, Set.of(), 2048, Set.of(2048, 3072));
        add(MYSQL_FLEXIBLE, WRAP, Set.of(), 2048, Set.of());
        add(POSTGRES_FLEXIBLE, WRAP, Set.of(), 2048, Set.of());
        add(COSMOS_DB, WRAP, Set.of(COSMOS_APP_ID, COSMOS_APP_ID_USGOV), 2048, Set.of());
        add(INFORMATION_PROTECTION, List.of("KeyDecrypt", "KeySign"), Set.of(RMS_APP_ID), 2048, Set.of(2048));
        add(LOG_ANALYTICS_CLUSTER, WRAP, Set.of(), 2048, Set.of());
        add(SERVICE_BUS, WRAP, Set.of(), 2048, Set.of());
        add(EVENT_HUBS, WRAP, Set.of(), 2048, Set.of());
        add(KUSTO, WRAP, Set.of(), 2048, Set.of());
        add(AKS, List.of("KeyDecrypt", "KeyEncrypt"), Set.of(), 2048, Set.of());
        add(RECOVERY_SERVICES, WRAP, Set.of(), 2048, Set.of());
        add(DATA_FACTORY, WRAP, Set.of(), 2048, Set.of(2048, 3072));
        add(SYNAPSE, WRAP, Set.of(), 2048, Set.of(2048, 3072));
    }

    private ResourceTypes() {
    }

    private static void add(String type, List<String> proof, Set<String> firstParty, int minSize,
                            Set<Integer> sizes) {
        PROFILES.put(type, new ResourceTypeProfile(type, proof, firstParty, RSA, minSize, sizes));
    }

    /** The profile of a type, case-insensitive; unknown types get a generic RSA wrap/unwrap profile. */
    public static ResourceTypeProfile profile(String type) {
        ResourceTypeProfile p = type == null ? null : PROFILES.get(type.trim());
        return p != null ? p : new ResourceTypeProfile(type, WRAP, Set.of(), RSA, 2048, Set.of());
    }

    /** Whether services.md lists the type as able to hold a customer-managed key (case-insensitive). */
    public static boolean isCmkCapable(String type) {
        return type != null && PROFILES.containsKey(type.trim());
    }

    /** The key operation ({@code unwrapKey}) a proof operation ({@code KeyUnwrap}) needs permitted. */
    public static String keyOperationFor(String auditOperation) {
        return switch (auditOperation.toLowerCase(Locale.ROOT)) {
            case "keyunwrap" -> "unwrapKey";
            case "keywrap" -> "wrapKey";
            case "keydecrypt" -> "decrypt";
            case "keyencrypt" -> "encrypt";
            case "keysign" -> "sign";
            case "keyverify" -> "verify";
            default -> null;
        };
    }
}
