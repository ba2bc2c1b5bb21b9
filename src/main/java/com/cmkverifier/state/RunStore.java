package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.cmkverifier.core.model.VerdictStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Verification runs in table {@code {prefix}runs}: PartitionKey = run id, RowKey = "run". */
public final class RunStore {

    private static final String ROW = "run";

    private final TableClient table;

    public RunStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    public Run create(Run run) {
        table.createEntity(toEntity(run));
        return find(run.id()).orElseThrow();
    }

    public Optional<Run> find(String id) {
        return StoredTables.find(table, id, ROW).map(RunStore::fromEntity);
    }

    /** Every run not done yet. */
    public List<Run> pending() {
        List<Run> pending = new ArrayList<>();
        for (TableEntity e : table.listEntities(new ListEntitiesOptions().setFilter("done eq false"), null, null)) {
            pending.add(fromEntity(e));
        }
        return pending;
    }

    /**
     * Stores {@code run} if the stored run is still the version {@code run.etag()} names.
     *
     * @return false when another writer changed it first (the caller's work is then a duplicate)
     */
    public boolean replace(Run run) {
        return StoredTables.replaceIfUnchanged(table, toEntity(run));
    }

    private static TableEntity toEntity(Run r) {
        TableEntity e = new TableEntity(r.id(), ROW)
                .addProperty("resource", r.resource())
                .addProperty("timeout", r.timeout().toString())
                .addProperty("createdAt", r.createdAt().toString())
                .addProperty("updatedAt", r.updatedAt().toString())
                .addProperty("deadline", r.deadline().toString())
                .addProperty("attempts", r.attempts())
                .addProperty("done", r.done());
        StoredTables.putIfPresent(e, "since", r.since());
        StoredTables.putIfPresent(e, "nextCheckAt", r.nextCheckAt());
        StoredTables.putIfPresent(e, "status", r.status());
        StoredTables.putIfPresent(e, "reason", r.reason());
        StoredTables.putEtag(e, r.etag());
        if (r.verdictJson() != null) {
            ChunkedText.put(e, "verdict", r.verdictJson());
        }
        return e;
    }

    private static Run fromEntity(TableEntity e) {
        String status = StoredTables.text(e, "status");
        return new Run(e.getPartitionKey(), StoredTables.text(e, "resource"), StoredTables.instant(e, "since"),
                Duration.parse(StoredTables.text(e, "timeout")), StoredTables.instant(e, "createdAt"),
                StoredTables.instant(e, "updatedAt"), StoredTables.instant(e, "deadline"),
                StoredTables.instant(e, "nextCheckAt"), (Integer) e.getProperty("attempts"),
                Boolean.TRUE.equals(e.getProperty("done")), status == null ? null : VerdictStatus.valueOf(status),
                StoredTables.text(e, "reason"), ChunkedText.get(e, "verdict"), e.getETag());
    }
}
