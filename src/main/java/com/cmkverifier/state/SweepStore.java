package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sweeps in table {@code {prefix}sweeps}, one partition per sweep: RowKey "sweep" for the header,
 * "shard-NNNNN" per shard, "result-{encoded name}" per resource. Workers write their own result rows; the
 * header keeps the counts, added once per shard as it is finished; a result written twice is the same row. Partition
 * "latest" points at the newest sweep.
 */
public final class SweepStore {

    private static final String HEADER = "sweep";
    private static final String SHARD = "shard-";
    private static final String RESULT = "result-";
    private static final String LATEST = "latest";
    /** Partition of the sweeps a firing began and did not finish starting: a later tick completes them. */
    private static final String STARTING = "starting";
    /** Ends the result rows' key range: the character after '-'. */
    private static final String RESULTS_END = "result.";
    /** The header's running counts: shards done, and results per status ("count" + status name). */
    private static final String SHARDS_DONE = "shardsDone";
    private static final String COUNT = "count";
    /** Far more than workers finishing shards of one sweep at the same moment. */
    private static final int FINISH_ATTEMPTS = 200;
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
     * no header, and a later start of the same occurrence writes the shards again and completes it. Shard
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
        return sweep;
    }

    /**
     * Points "latest" at the sweep unless a newer one (ids sort by time) is there already; repeating it is
     * harmless, so whoever completes a sweep's start sets it, not only the firing that wrote the header.
     */
    public void markLatest(Sweep sweep) {
        Optional<String> current = latestId();
        if (current.isEmpty() || current.get().compareTo(sweep.id()) <= 0) {
            table.upsertEntity(new TableEntity(LATEST, LATEST).addProperty("sweepId", sweep.id()));
        }
    }

    /** A firing's first write: the occurrence it stands for, kept until its sweep is fully started. */
    public void beginStart(String sweepId, Instant occurrence, boolean pastDue, Instant now) {
        TableEntity e = new TableEntity(STARTING, sweepId).addProperty("pastDue", pastDue)
                .addProperty("begunAt", now.toString());
        StoredTables.putIfPresent(e, "occurrence", occurrence);
        table.upsertEntity(e);
    }

    /**
     * The sweeps whose start was begun before {@code begunBefore} and not finished (a firing died part-way):
     * occurrence and past-due.
     */
    public List<Map.Entry<Instant, Boolean>> unfinishedStarts(Instant begunBefore) {
        List<Map.Entry<Instant, Boolean>> out = new ArrayList<>();
        ListEntitiesOptions q = new ListEntitiesOptions().setFilter("PartitionKey eq '" + STARTING + "'");
        for (TableEntity e : table.listEntities(q, null, null)) {
            Instant begun = StoredTables.instant(e, "begunAt");
            if (begun != null && !begun.isBefore(begunBefore)) {
                continue;
            }
            out.add(Map.entry(StoredTables.instant(e, "occurrence"), Boolean.TRUE.equals(e.getProperty("pastDue"))));
        }
        return out;
    }

    /** The sweep is fully started: shards, header, latest pointer and every shard's message. */
    public void finishStart(String sweepId) {
        try {
            table.deleteEntity(STARTING, sweepId);
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() != 404) {
                throw e;
            }
        }
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

    /** The results already recorded for those of {@code names} that have one (a point read each): name to status. */
    public Map<String, VerdictStatus> recorded(String sweepId, List<String> names) {
        Map<String, VerdictStatus> out = new LinkedHashMap<>();
        for (String n : names) {
            StoredTables.find(table, sweepId, RESULT + TableKeys.of(n))
                    .ifPresent(e -> out.put(n, VerdictStatus.valueOf(StoredTables.text(e, "status"))));
        }
        return out;
    }

    /** How many of the results have each status: what {@link #finish} adds to the header. */
    public static Map<VerdictStatus, Integer> counts(Collection<VerdictStatus> statuses) {
        Map<VerdictStatus, Integer> counts = new EnumMap<>(VerdictStatus.class);
        statuses.forEach(st -> counts.merge(st, 1, Integer::sum));
        return counts;
    }

    /**
     * Marks the shard done and adds its results to the header's counts, both in one entity-group transaction
     * (they share the sweep's partition) conditional on the versions read: a shard is counted exactly once,
     * however many workers finish it, and reading a sweep never has to count its result rows. Workers finishing
     * shards at once retry on the header's new version.
     */
    public void finish(SweepShard shard, Map<VerdictStatus, Integer> counts) {
        for (int attempt = 1; ; attempt++) {
            Optional<TableEntity> row = StoredTables.find(table, shard.sweepId(), shardRow(shard.index()));
            Optional<TableEntity> head = StoredTables.find(table, shard.sweepId(), HEADER);
            if (row.isEmpty() || head.isEmpty() || Boolean.TRUE.equals(row.get().getProperty("done"))) {
                return;
            }
            TableEntity done = new TableEntity(shard.sweepId(), shardRow(shard.index())).addProperty("done", true);
            StoredTables.putEtag(done, row.get().getETag());
            TableEntity header = new TableEntity(shard.sweepId(), HEADER)
                    .addProperty(SHARDS_DONE, number(head.get(), SHARDS_DONE) + 1);
            counts.forEach((status, n) -> header.addProperty(COUNT + status.name(), number(head.get(), COUNT + status.name()) + n));
            StoredTables.putEtag(header, head.get().getETag());
            try {
                table.submitTransaction(List.of(
                        new TableTransactionAction(TableTransactionActionType.UPDATE_MERGE, done, true),
                        new TableTransactionAction(TableTransactionActionType.UPDATE_MERGE, header, true)));
                return;
            } catch (TableTransactionFailedException e) {
                // A transaction's failure names the action's error, not an HTTP status of its own.
                boolean raced = e.getValue() != null
                        && TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(e.getValue().getErrorCode());
                if (attempt >= FINISH_ATTEMPTS || !raced) {
                    throw e;
                }
            }
        }
    }

    private static int number(TableEntity e, String name) {
        return e.getProperty(name) instanceof Integer n ? n : 0;
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
        // The header keeps the counts (one read, whatever the sweep's size).
        TableEntity head = StoredTables.find(table, sweepId, HEADER).orElseThrow();
        int shardsDone = number(head, SHARDS_DONE);
        Map<VerdictStatus, Integer> counts = new EnumMap<>(VerdictStatus.class);
        for (VerdictStatus s : VerdictStatus.values()) {
            counts.put(s, number(head, COUNT + s.name()));
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
                .addProperty("enqueued", s.enqueued())
                .addProperty(SHARDS_DONE, 0);
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
