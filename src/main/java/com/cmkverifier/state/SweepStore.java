package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sweeps in table {@code {prefix}sweeps}, one partition per sweep: RowKey "sweep" for the header,
 * "shard-NNNNN" per shard, "result-{encoded name}" per resource. Workers write their own rows only, so
 * progress is counted on read and no row is contended; a result written twice is the same row. Partition
 * "latest" points at the newest sweep.
 */
public final class SweepStore {

    private static final String HEADER = "sweep";
    private static final String SHARD = "shard-";
    private static final String RESULT = "result-";
    private static final String LATEST = "latest";
    /** Ends the result rows' key range: the character after '-'. */
    private static final String RESULTS_END = "result.";
    /** Table Storage takes at most 100 operations in one entity-group transaction. */
    private static final int TRANSACTION_LIMIT = 100;
    /** A continuation token is the encoded name of the last result returned ({@link TableKeys}). */
    public static final Pattern CONTINUATION = Pattern.compile("[A-Za-z0-9_-]{1,400}");

    private final TableClient table;

    public SweepStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    /**
     * Records a new sweep with its shards; the existing one when a sweep of that id was recorded before. Shards
     * first, the header last: a sweep exists only once all its shards do, so a firing that dies part-way leaves
     * no header, and the next firing for the same occurrence writes the shards again and completes it. Shard
     * rows beyond the header's count (an earlier plan's) are ignored.
     */
    public Sweep create(Sweep sweep, List<SweepShard> shards) {
        Optional<Sweep> existing = find(sweep.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        for (int i = 0; i < shards.size(); i += TRANSACTION_LIMIT) {
            table.submitTransaction(shards.subList(i, Math.min(i + TRANSACTION_LIMIT, shards.size())).stream()
                    .map(s -> new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, shardEntity(s)))
                    .toList());
        }
        try {
            table.createEntity(header(sweep));
        } catch (TableServiceException e) {
            if (StoredTables.isConflict(e)) {
                return find(sweep.id()).orElseThrow();
            }
            throw e;
        }
        table.upsertEntity(new TableEntity(LATEST, LATEST).addProperty("sweepId", sweep.id()));
        return sweep;
    }

    public void markEnqueued(Sweep sweep) {
        table.updateEntity(new TableEntity(sweep.id(), HEADER).addProperty("enqueued", true),
                TableEntityUpdateMode.MERGE);
    }

    public Optional<Sweep> find(String id) {
        return StoredTables.find(table, id, HEADER).map(SweepStore::sweep);
    }

    public Optional<String> latestId() {
        return StoredTables.find(table, LATEST, LATEST).map(e -> StoredTables.text(e, "sweepId"));
    }

    public Optional<SweepShard> shard(String sweepId, int index) {
        return StoredTables.find(table, sweepId, shardRow(index)).map(SweepStore::shard);
    }

    /** Records results, up to a hundred per transaction; recording a resource again replaces its row. */
    public void recordAll(String sweepId, List<SweepResult> results) {
        for (int i = 0; i < results.size(); i += TRANSACTION_LIMIT) {
            table.submitTransaction(results.subList(i, Math.min(i + TRANSACTION_LIMIT, results.size())).stream()
                    .map(r -> new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, result(sweepId, r)))
                    .toList());
        }
    }

    private static TableEntity result(String sweepId, SweepResult r) {
        TableEntity e = new TableEntity(sweepId, RESULT + TableKeys.of(r.resource()))
                .addProperty("resource", r.resource())
                .addProperty("status", r.status().name())
                .addProperty("findings", String.join(",", r.findings()));
        StoredTables.putIfPresent(e, "reason", r.reason());
        return e;
    }

    /** Marks the shard done. Done never goes back, so no condition is needed: a second worker's mark is the same. */
    public void finish(SweepShard shard) {
        table.updateEntity(new TableEntity(shard.sweepId(), shardRow(shard.index())).addProperty("done", true),
                TableEntityUpdateMode.MERGE);
    }

    /**
     * Shards not done of the sweeps whose ids sort at or after {@code firstSweepId} (ids are times), last queued
     * before {@code queuedBefore}: the ones whose message may be lost.
     */
    public List<SweepShard> overdueShards(String firstSweepId, Instant queuedBefore) {
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter("PartitionKey ge '" + firstSweepId.replace("'", "''") + "' and PartitionKey lt 'sweep.'"
                        + " and RowKey ge '" + SHARD + "' and RowKey lt 'shard.' and done eq false")
                .setSelect(List.of("PartitionKey", "RowKey", "done", "queuedAt", "workspaceId"));
        List<SweepShard> overdue = new ArrayList<>();
        for (TableEntity e : table.listEntities(options, null, null)) {
            Instant queued = StoredTables.instant(e, "queuedAt");
            if (queued == null || queued.isBefore(queuedBefore)) {
                overdue.add(new SweepShard(e.getPartitionKey(), shardIndex(e), StoredTables.text(e, "workspaceId"),
                        List.of(), false, null));
            }
        }
        return overdue;
    }

    /** Notes that the shard's message was (re)sent at {@code at}, so that it is not re-driven again too soon. */
    public void markQueued(SweepShard shard, Instant at) {
        table.updateEntity(new TableEntity(shard.sweepId(), shardRow(shard.index())).addProperty("queuedAt", at.toString()),
                TableEntityUpdateMode.MERGE);
    }

    /**
     * A sweep's progress: shards done (of those its header counts), results per status, and one page of
     * results in name order after {@code after} (a continuation token, or null for the first page).
     */
    public Optional<SweepProgress> progress(String sweepId, String after, int pageSize) {
        Optional<Sweep> sweep = find(sweepId);
        if (sweep.isEmpty()) {
            return Optional.empty();
        }
        String partition = "PartitionKey eq '" + sweepId.replace("'", "''") + "'";
        int shardsDone = 0;
        Map<VerdictStatus, Integer> counts = new EnumMap<>(VerdictStatus.class);
        for (VerdictStatus s : VerdictStatus.values()) {
            counts.put(s, 0);
        }
        ListEntitiesOptions all = new ListEntitiesOptions().setFilter(partition).setSelect(List.of("RowKey", "done", "status"));
        for (TableEntity e : table.listEntities(all, null, null)) {
            if (e.getRowKey().startsWith(SHARD) && Boolean.TRUE.equals(e.getProperty("done"))
                    && shardIndex(e) < sweep.get().shards()) {
                shardsDone++;
            } else if (e.getRowKey().startsWith(RESULT)) {
                counts.merge(VerdictStatus.valueOf(StoredTables.text(e, "status")), 1, Integer::sum);
            }
        }
        String from = after == null ? "RowKey gt '" + RESULT + "'" : "RowKey gt '" + RESULT + checked(after) + "'";
        ListEntitiesOptions page = new ListEntitiesOptions().setTop(pageSize + 1)
                .setFilter(partition + " and " + from + " and RowKey lt '" + RESULTS_END + "'")
                .setSelect(List.of("RowKey", "resource", "status", "findings", "reason"));
        List<TableEntity> rows = table.listEntities(page, null, null).stream().limit(pageSize + 1L).toList();
        List<SweepResult> results = new ArrayList<>();
        for (TableEntity e : rows.subList(0, Math.min(pageSize, rows.size()))) {
            String findings = StoredTables.text(e, "findings");
            results.add(new SweepResult(StoredTables.text(e, "resource"),
                    VerdictStatus.valueOf(StoredTables.text(e, "status")),
                    findings == null || findings.isEmpty() ? List.of() : Arrays.asList(findings.split(",")),
                    StoredTables.text(e, "reason")));
        }
        String next = rows.size() > pageSize ? rows.get(pageSize - 1).getRowKey().substring(RESULT.length()) : null;
        return Optional.of(new SweepProgress(sweep.get(), shardsDone, counts, results, next));
    }

    private static String checked(String token) {
        if (!CONTINUATION.matcher(token).matches()) {
            throw new IllegalArgumentException("not a continuation token");
        }
        return token;
    }

    private static int shardIndex(TableEntity e) {
        return Integer.parseInt(e.getRowKey().substring(SHARD.length()));
    }

    private static String shardRow(int index) {
        return SHARD + String.format("%05d", index);
    }

    private static TableEntity header(Sweep s) {
        return new TableEntity(s.id(), HEADER)
                .addProperty("startedAt", s.startedAt().toString())
                .addProperty("from", s.window().from().toString())
                .addProperty("to", s.window().to().toString())
                .addProperty("shards", s.shards())
                .addProperty("resources", s.resources())
                .addProperty("trigger", s.trigger())
                .addProperty("enqueued", s.enqueued());
    }

    private static Sweep sweep(TableEntity e) {
        return new Sweep(e.getPartitionKey(), StoredTables.instant(e, "startedAt"),
                new Window(StoredTables.instant(e, "from"), StoredTables.instant(e, "to")),
                (Integer) e.getProperty("shards"), (Integer) e.getProperty("resources"),
                StoredTables.text(e, "trigger"), Boolean.TRUE.equals(e.getProperty("enqueued")));
    }

    /**
     * Deletes at most {@code max} rows of sweeps whose id sorts before {@code firstKeptSweepId} (ids are their
     * time), 100 per entity-group transaction; the header sorts after its shards and results, so a sweep is
     * gone from the API only once its rows are.
     *
     * @return how many rows were deleted
     */
    public int purge(String firstKeptSweepId, int max) {
        ListEntitiesOptions options = new ListEntitiesOptions().setTop(Math.min(max, 1000))
                .setFilter("PartitionKey ge 'sweep-' and PartitionKey lt '" + firstKeptSweepId.replace("'", "''") + "'")
                .setSelect(List.of("PartitionKey", "RowKey"));
        Map<String, List<TableTransactionAction>> byPartition = new LinkedHashMap<>();
        int listed = 0;
        for (TableEntity e : table.listEntities(options, null, null)) {
            if (listed++ >= max) {
                break;
            }
            byPartition.computeIfAbsent(e.getPartitionKey(), k -> new ArrayList<>())
                    .add(new TableTransactionAction(TableTransactionActionType.DELETE, e));
        }
        int deleted = 0;
        for (List<TableTransactionAction> deletes : byPartition.values()) {
            for (int i = 0; i < deletes.size(); i += TRANSACTION_LIMIT) {
                List<TableTransactionAction> batch = deletes.subList(i, Math.min(i + TRANSACTION_LIMIT, deletes.size()));
                table.submitTransaction(batch);
                deleted += batch.size();
            }
        }
        return deleted;
    }

    private static TableEntity shardEntity(SweepShard s) {
        TableEntity e = new TableEntity(s.sweepId(), shardRow(s.index()))
                .addProperty("done", s.done())
                .addProperty("count", s.members().size());
        StoredTables.putIfPresent(e, "queuedAt", s.queuedAt());
        StoredTables.putIfPresent(e, "workspaceId", s.workspaceId());
        ChunkedText.put(e, "members", String.join("\n", s.members()));
        return e;
    }

    private static SweepShard shard(TableEntity e) {
        String members = ChunkedText.get(e, "members");
        return new SweepShard(e.getPartitionKey(), shardIndex(e),
                StoredTables.text(e, "workspaceId"),
                members == null || members.isEmpty() ? List.of() : Arrays.asList(members.split("\n")),
                Boolean.TRUE.equals(e.getProperty("done")), StoredTables.instant(e, "queuedAt"));
    }
}
