package com.cmkverifier.core.types;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long after a new key version each type is documented to move to it (services.md, "rotation pickup"): the
 * time after which a resource still on the old version is stale. Types whose pickup is manual or undocumented
 * get the longest documented time, a day, so that a check never comes before the service could have moved.
 */
public final class RotationPickup {

    /** Storage checks its versionless key once a day; Cosmos DB leaves the old version unused within 24 h. */
    public static final Duration DEFAULT = Duration.ofHours(24);

    private static final Map<String, Duration> PICKUP = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        PICKUP.put(ResourceTypes.STORAGE, Duration.ofHours(24));
        PICKUP.put(ResourceTypes.COSMOS_DB, Duration.ofHours(24));
        PICKUP.put(ResourceTypes.DISK_ENCRYPTION_SET, Duration.ofHours(1));
        PICKUP.put(ResourceTypes.SQL_SERVER, Duration.ofMinutes(60));
        PICKUP.put(ResourceTypes.SQL_MANAGED_INSTANCE, Duration.ofMinutes(60));
        PICKUP.put(ResourceTypes.POSTGRES_FLEXIBLE, Duration.ofHours(2));
        PICKUP.put(ResourceTypes.RECOVERY_SERVICES, Duration.ofHours(1));
        // Service Bus and Event Hubs poll their key every 5 minutes.
        PICKUP.put(ResourceTypes.SERVICE_BUS, Duration.ofMinutes(5));
        PICKUP.put(ResourceTypes.EVENT_HUBS, Duration.ofMinutes(5));
    }

    private RotationPickup() {
    }

    /** The documented pickup time of a type, or {@link #DEFAULT} when it is manual or not documented. */
    public static Duration of(String type) {
        Duration d = type == null ? null : PICKUP.get(type.trim());
        return d != null ? d : DEFAULT;
    }
}
