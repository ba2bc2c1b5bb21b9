package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.cmkverifier.core.model.VerdictStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verification runs in table {@code {prefix}runs}: PartitionKey = run id, RowKey = "run". Partition "due" indexes
 * the pending runs by the time the reaper should first look at them (RowKey = run id, {@code dueAt} in epoch
 * seconds), so that a reaper pass reads the pending work only, never the history. The index row is written
 * before its run and removed after the run ends; a stale one (its run ended or gone) is removed when read.
 */
public final class RunStore {

    private static final String ROW = "run";
    private static final String DUE = "due";

    private final TableClient table;

    public RunStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    public Run create(Run run) {
        index(run);
        table.createEntity(toEntity(run));
        return find(run.id()).orElseThrow();
    }

    public Optional<Run> find(String id) {
        return StoredTables.find(table, id, ROW).map(RunStore::fromEntity);
    }

    /**
     * The pending runs the index says are due at or before {@code dueBy}; runs whose row cannot be read are
     * skipped and named, so that one bad row never stops the others.
     */
    public Due due(Instant dueBy) {
        List<Run> due = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter("PartitionKey eq '" + DUE + "' and dueAt le " + dueBy.getEpochSecond() + "L")
                .setSelect(List.of("PartitionKey", "RowKey"));
        for (TableEntity index : table.listEntities(options, null, null)) {
            String id = index.getRowKey();
            Optional<TableEntity> row = StoredTables.find(table, id, ROW);
            if (row.isEmpty() || Boolean.TRUE.equals(row.get().getProperty("done"))) {
                unindex(id);
                continue;
            }
            try {
                due.add(fromEntity(row.get()));
            } catch (RuntimeException e) {
                unreadable.add(id);
            }
        }
        return new Due(due, unreadable);
    }

    /** What {@link #due} found: runs to look at, and ids of stored runs that could not be read. */
    public record Due(List<Run> runs, List<String> unreadable) {
    }

    /**
     * Stores {@code run} if the stored run is still the version {@code run.etag()} names.
     *
     * @return false when another writer changed it first (the caller's work is then a duplicate)
     */
    public boolean replace(Run run) {
        if (!StoredTables.replaceIfUnchanged(table, toEntity(run))) {
            return false;
        }
        if (run.done()) {
            unindex(run.id());
        } else {
            index(run);
        }
        return true;
    }

    /** The same run stored with its new version, after a successful {@link #replace}. */
    public Run reread(Run run) {
        return find(run.id()).orElseThrow();
    }

    /**
     * Deletes at most {@code max} runs that ended before {@code endedBefore}.
     *
     * @return how many were deleted
     */
    public int purge(Instant endedBefore, int max) {
        return StoredTables.purgeEnded(table, ROW, endedBefore, max, DUE);
    }

    private void index(Run run) {
        Instant next = run.nextCheckAt() == null || run.deadline().isBefore(run.nextCheckAt())
                ? run.deadline() : run.nextCheckAt();
        table.upsertEntity(new TableEntity(DUE, run.id()).addProperty("dueAt", next.getEpochSecond()));
    }

    private void unindex(String id) {
        try {
            table.deleteEntity(DUE, id);
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() != 404) {
                throw e;
            }
        }
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
        if (r.claimUntil() != null) {
            e.addProperty("claimAttempt", r.claimAttempt()).addProperty("claimUntil", r.claimUntil().toString());
        }
        if (r.done()) {
            // Int64, so that the retention purge can filter on it (ISO texts of varying precision do not sort).
            e.addProperty("endedAt", r.updatedAt().getEpochSecond());
        }
        StoredTables.putEtag(e, r.etag());
        if (r.verdictJson() != null) {
            ChunkedText.put(e, "verdict", r.verdictJson());
        }
        return e;
    }

    private static Run fromEntity(TableEntity e) {
        String status = StoredTables.text(e, "status");
        Object claim = e.getProperty("claimAttempt");
        return new Run(e.getPartitionKey(), StoredTables.text(e, "resource"), StoredTables.instant(e, "since"),
                Duration.parse(StoredTables.text(e, "timeout")), StoredTables.instant(e, "createdAt"),
                StoredTables.instant(e, "updatedAt"), StoredTables.instant(e, "deadline"),
                StoredTables.instant(e, "nextCheckAt"), (Integer) e.getProperty("attempts"),
                Boolean.TRUE.equals(e.getProperty("done")), status == null ? null : VerdictStatus.valueOf(status),
                StoredTables.text(e, "reason"), ChunkedText.get(e, "verdict"),
                claim == null ? 0 : (Integer) claim, StoredTables.instant(e, "claimUntil"), e.getETag());
    }
}
