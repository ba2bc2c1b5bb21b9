package com.cmkverifier.application;

import com.cmkverifier.state.RegistrySnapshot;
import com.cmkverifier.state.RegistryStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The registry as the sweep shards of one instance see it: one read of the whole registry, shared by every shard
 * this instance checks while the read is younger than {@link #REUSE} and not older than the shard's sweep. A shard
 * needs the whole registry (resources on its keys in other shards are expected callers, not strangers), and one
 * read per shard made a sweep cost shards x registry rows: at 100,000 resources in shards of 500, 200 reads of
 * 100 pages each, the sweep's largest cost by far. An entry changed or deleted since the read is seen by the
 * shards checked after the next one, at most {@link #REUSE} later; the threads of an instance wait for one read
 * rather than each making its own.
 */
final class RecentRegistry {

    /**
     * Longer than a sweep of 100,000 resources takes (so that each instance reads the registry once per sweep: one
     * read of 100,000 entries is about 100 pages and seconds of parsing), short enough that a sweep never checks
     * an entry as it was more than ten minutes before.
     */
    static final Duration REUSE = Duration.ofMinutes(10);

    private final RegistryStore store;
    private final Clock clock;
    private RegistrySnapshot read;
    private Instant readAt;

    RecentRegistry(RegistryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A read made at or after {@code notBefore} (the sweep's start) and less than {@link #REUSE} ago. */
    synchronized RegistrySnapshot snapshot(Instant notBefore) {
        Instant now = clock.instant();
        if (read == null || readAt.isBefore(notBefore) || !now.isBefore(readAt.plus(REUSE))) {
            read = store.snapshot();
            readAt = now;
        }
        return read;
    }
}
