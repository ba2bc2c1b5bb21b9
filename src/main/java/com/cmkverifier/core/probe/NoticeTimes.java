package com.cmkverifier.core.probe;

import com.cmkverifier.core.types.ResourceTypes;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long after a key is disabled each service notices, and how long it may stay disabled for the service to
 * heal by itself once the key is back ({@code services.md}, "when a disabled key bites"; the sources are listed
 * in {@code docs/probe.md}). A type whose notice time no document states gets {@link #ASSUMED_NOTICE} and is
 * marked undocumented: its probe can prove a dependency but never claim that there is none.
 */
public final class NoticeTimes {

    /** The longest notice time any service documents (disk encryption sets, PostgreSQL, Cosmos DB: an hour). */
    public static final Duration ASSUMED_NOTICE = Duration.ofHours(1);

    /** Audit records reach Log Analytics 3 to 10 minutes after the call. */
    public static final Duration INGESTION_LAG = Duration.ofMinutes(10);

    /**
     * @param notice     how long after the disable the service is expected to fail
     * @param selfHeal   the longest outage after which it still heals by itself; null when none is documented
     * @param documented false when {@code notice} is {@link #ASSUMED_NOTICE} for want of a document
     */
    public record Timing(Duration notice, Duration selfHeal, boolean documented) {
    }

    private static final Map<String, Timing> BY_TYPE = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        documented(ResourceTypes.DISK_ENCRYPTION_SET, Duration.ofHours(1), null);
        documented(ResourceTypes.SQL_SERVER, Duration.ofMinutes(10), Duration.ofMinutes(30));
        documented(ResourceTypes.SQL_MANAGED_INSTANCE, Duration.ofMinutes(10), Duration.ofMinutes(30));
        documented(ResourceTypes.MYSQL_FLEXIBLE, Duration.ofMinutes(10), null);
        documented(ResourceTypes.POSTGRES_FLEXIBLE, Duration.ofHours(1), null);
        documented(ResourceTypes.COSMOS_DB, Duration.ofHours(1), null);
        documented(ResourceTypes.LOG_ANALYTICS_CLUSTER, Duration.ofHours(1), null);
        documented(ResourceTypes.SERVICE_BUS, Duration.ofMinutes(5), null);
        documented(ResourceTypes.EVENT_HUBS, Duration.ofMinutes(5), null);
        documented(ResourceTypes.AKS, Duration.ofMinutes(1), null);
        documented("Microsoft.AppConfiguration/configurationStores", Duration.ofHours(1), null);
    }

    private NoticeTimes() {
    }

    private static void documented(String type, Duration notice, Duration selfHeal) {
        BY_TYPE.put(type, new Timing(notice, selfHeal, true));
    }

    /** The type's timing; {@link #ASSUMED_NOTICE}, undocumented, for a type no document covers. */
    public static Timing of(String type) {
        Timing t = type == null ? null : BY_TYPE.get(type.trim());
        return t != null ? t : new Timing(ASSUMED_NOTICE, null, false);
    }
}
