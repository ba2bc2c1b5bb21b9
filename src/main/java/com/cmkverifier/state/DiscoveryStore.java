package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;

import java.time.Instant;
import java.util.Optional;

/**
 * Discovery runs in table {@code {prefix}discoveries}: PartitionKey = run id, RowKey = "discovery"; one row
 * "latest"/"latest" names the run started last.
 */
public final class DiscoveryStore {

    private static final String ROW = "discovery";
    private static final String LATEST = "latest";

    private final TableClient table;

    public DiscoveryStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    public DiscoveryRun create(DiscoveryRun run) {
        table.createEntity(toEntity(run));
        table.upsertEntity(new TableEntity(LATEST, LATEST).addProperty("discoveryId", run.id()));
        return find(run.id()).orElseThrow();
    }

    public Optional<DiscoveryRun> find(String id) {
        return StoredTables.find(table, id, ROW).map(DiscoveryStore::fromEntity);
    }

    public Optional<String> latestId() {
        return StoredTables.find(table, LATEST, LATEST).map(e -> StoredTables.text(e, "discoveryId"));
    }

    /** Stores {@code run} if the stored one is still the version its etag names; false when another writer was first. */
    public boolean replace(DiscoveryRun run) {
        return StoredTables.replaceIfUnchanged(table, toEntity(run));
    }

    /**
     * Deletes at most {@code max} discoveries that ended before {@code endedBefore}, never the latest one (the
     * {@code latest} route reads it).
     *
     * @return how many were deleted
     */
    public int purge(Instant endedBefore, int max) {
        return StoredTables.purgeEnded(table, ROW, endedBefore, max, latestId().orElse(LATEST));
    }

    private static TableEntity toEntity(DiscoveryRun r) {
        TableEntity e = new TableEntity(r.id(), ROW)
                .addProperty("trigger", r.trigger())
                .addProperty("createdAt", r.createdAt().toString())
                .addProperty("updatedAt", r.updatedAt().toString())
                .addProperty("deadline", r.deadline().toString())
                .addProperty("done", r.done());
        StoredTables.putIfPresent(e, "reason", r.reason());
        if (r.done()) {
            // Int64, so that the retention purge can filter on it.
            e.addProperty("endedAt", r.updatedAt().getEpochSecond());
        }
        StoredTables.putEtag(e, r.etag());
        if (r.reportJson() != null) {
            ChunkedText.put(e, "report", r.reportJson());
        }
        return e;
    }

    private static DiscoveryRun fromEntity(TableEntity e) {
        return new DiscoveryRun(e.getPartitionKey(), StoredTables.text(e, "trigger"),
                StoredTables.instant(e, "createdAt"), StoredTables.instant(e, "updatedAt"),
                StoredTables.instant(e, "deadline"), Boolean.TRUE.equals(e.getProperty("done")),
                StoredTables.text(e, "reason"), ChunkedText.get(e, "report"), e.getETag());
    }
}
