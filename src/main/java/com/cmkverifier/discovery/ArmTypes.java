package com.cmkverifier.discovery;

import com.cmkverifier.discovery.types.AppConfigurationStores;
import com.cmkverifier.discovery.types.ArmType;
import com.cmkverifier.discovery.types.BackupVaults;
import com.cmkverifier.discovery.types.BatchAccounts;
import com.cmkverifier.discovery.types.CognitiveServicesAccounts;
import com.cmkverifier.discovery.types.ContainerRegistries;
import com.cmkverifier.discovery.types.CosmosDbAccounts;
import com.cmkverifier.discovery.types.DataFactories;
import com.cmkverifier.discovery.types.DiskEncryptionSets;
import com.cmkverifier.discovery.types.EventHubNamespaces;
import com.cmkverifier.discovery.types.KustoClusters;
import com.cmkverifier.discovery.types.LogAnalyticsClusters;
import com.cmkverifier.discovery.types.MachineLearningWorkspaces;
import com.cmkverifier.discovery.types.ManagedClusters;
import com.cmkverifier.discovery.types.MySqlFlexibleServers;
import com.cmkverifier.discovery.types.PostgreSqlFlexibleServers;
import com.cmkverifier.discovery.types.RecoveryServicesVaults;
import com.cmkverifier.discovery.types.RedisEnterpriseClusters;
import com.cmkverifier.discovery.types.ServiceBusNamespaces;
import com.cmkverifier.discovery.types.SqlManagedInstances;
import com.cmkverifier.discovery.types.SqlServers;
import com.cmkverifier.discovery.types.StorageAccounts;
import com.cmkverifier.discovery.types.SynapseWorkspaces;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every ARM type discovery reads, by type name (case-insensitive: Resource Graph writes types in lower case). */
public final class ArmTypes {

    public static final List<ArmType> ALL = List.of(new StorageAccounts(), new DiskEncryptionSets(), new SqlServers(),
            new SqlManagedInstances(), new MySqlFlexibleServers(), new PostgreSqlFlexibleServers(),
            new CosmosDbAccounts(), new ServiceBusNamespaces(), new EventHubNamespaces(), new LogAnalyticsClusters(),
            new ContainerRegistries(), new CognitiveServicesAccounts(), new AppConfigurationStores(),
            new DataFactories(), new KustoClusters(), new BatchAccounts(), new RedisEnterpriseClusters(),
            new RecoveryServicesVaults(), new BackupVaults(), new SynapseWorkspaces(),
            new MachineLearningWorkspaces(), new ManagedClusters());

    private static final Map<String, ArmType> BY_NAME = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        ALL.forEach(t -> BY_NAME.put(t.type(), t));
    }

    private ArmTypes() {
    }

    public static Optional<ArmType> of(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(type));
    }
}
