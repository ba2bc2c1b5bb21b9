package com.cmkverifier.core.probe;

import com.cmkverifier.core.types.ResourceTypes;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How long after a key is disabled each service notices ({@code services.md}, "when a disabled key bites").
 * Types the documentation leaves open (Storage caches unwrapped keys for an undocumented period) have none.
 */
public final class NoticeTimes {

    private static final Map<String, Duration> BY_TYPE = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        BY_TYPE.put(ResourceTypes.DISK_ENCRYPTION_SET, Duration.ofHours(1));
        BY_TYPE.put(ResourceTypes.SQL_SERVER, Duration.ofMinutes(10));
        BY_TYPE.put(ResourceTypes.SQL_MANAGED_INSTANCE, Duration.ofMinutes(10));
        BY_TYPE.put(ResourceTypes.MYSQL_FLEXIBLE, Duration.ofMinutes(10));
        BY_TYPE.put(ResourceTypes.POSTGRES_FLEXIBLE, Duration.ofHours(1));
        BY_TYPE.put(ResourceTypes.COSMOS_DB, Duration.ofHours(1));
        BY_TYPE.put(ResourceTypes.LOG_ANALYTICS_CLUSTER, Duration.ofHours(1));
        BY_TYPE.put(ResourceTypes.SERVICE_BUS, Duration.ofMinutes(5));
        BY_TYPE.put(ResourceTypes.EVENT_HUBS, Duration.ofMinutes(5));
        BY_TYPE.put(ResourceTypes.AKS, Duration.ofMinutes(1));
    }

    /** Audit records reach Log Analytics 3 to 10 minutes after the call. */
    public static final Duration INGESTION_LAG = Duration.ofMinutes(10);

    private NoticeTimes() {
    }

    public static Optional<Duration> of(String type) {
        return Optional.ofNullable(type == null ? null : BY_TYPE.get(type.trim()));
    }
}
