package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Sweeps in table {@code {prefix}sweeps}, one partition per sweep: RowKey "sweep" for the header,
 * "shard-NNNNN" per shard, "result-{encoded name}" per resource. Workers write their own rows only, so
 * progress is counted on read and no row is contended. Partition "latest" points at the newest sweep.
 */
public final class SweepStore {

    private static final String HEADER = "sweep";
    private static final String SHARD = "shard-";
    private static final String RESULT = "result-";
    private static final String LATEST = "latest";

    private final TableClient table;

    public SweepStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    /** Records a new sweep with its shards; the existing one when a sweep of that id was recorded before. */
    public Sweep create(Sweep sweep, List<SweepShard> shards) {
        try {
            table.createEntity(header(sweep));
        } catch (TableServiceException e) {
            if (StoredTables.isConflict(e)) {
                return find(sweep.id()).orElseThrow();
            }
            throw e;
        }
        for (SweepShard s : shards) {
            table.upsertEntity(shardEntity(s));
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

    public void record(String sweepId, SweepResult r) {
        TableEntity e = new TableEntity(sweepId, RESULT + TableKeys.of(r.resource()))
                .addProperty("resource", r.resource())
                .addProperty("status", r.status().name())
                .addProperty("findings", String.join(",", r.findings()));
        StoredTables.putIfPresent(e, "reason", r.reason());
        table.upsertEntityWithResponse(e, TableEntityUpdateMode.REPLACE, null, null);
    }

    /** Marks the shard done unless another worker changed it first; false then. */
    public boolean finish(SweepShard shard) {
        try {
            table.updateEntityWithResponse(shardEntity(shard.finished()), TableEntityUpdateMode.REPLACE, true, null,
                    null);
            return true;
        } catch (TableServiceException e) {
            if (StoredTables.isConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    public Optional<SweepProgress> progress(String sweepId) {
        Optional<Sweep> sweep = find(sweepId);
        if (sweep.isEmpty()) {
            return Optional.empty();
        }
        int shardsDone = 0;
        List<SweepResult> results = new ArrayList<>();
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter("PartitionKey eq '" + sweepId.replace("'", "''") + "'")
                .setSelect(List.of("RowKey", "done", "resource", "status", "findings", "reason"));
        for (TableEntity e : table.listEntities(options, null, null)) {
            if (e.getRowKey().startsWith(SHARD) && Boolean.TRUE.equals(e.getProperty("done"))) {
                shardsDone++;
            } else if (e.getRowKey().startsWith(RESULT)) {
                String findings = StoredTables.text(e, "findings");
                results.add(new SweepResult(StoredTables.text(e, "resource"),
                        VerdictStatus.valueOf(StoredTables.text(e, "status")),
                        findings == null || findings.isEmpty() ? List.of() : Arrays.asList(findings.split(",")),
                        StoredTables.text(e, "reason")));
            }
        }
        return Optional.of(new SweepProgress(sweep.get(), shardsDone, results));
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

    private static TableEntity shardEntity(SweepShard s) {
        TableEntity e = new TableEntity(s.sweepId(), shardRow(s.index()))
                .addProperty("done", s.done())
                .addProperty("count", s.members().size());
        StoredTables.putIfPresent(e, "workspaceId", s.workspaceId());
        StoredTables.putEtag(e, s.etag());
        ChunkedText.put(e, "members", String.join("\n", s.members()));
        return e;
    }

    private static SweepShard shard(TableEntity e) {
        String members = ChunkedText.get(e, "members");
        return new SweepShard(e.getPartitionKey(), Integer.parseInt(e.getRowKey().substring(SHARD.length())),
                StoredTables.text(e, "workspaceId"),
                members == null || members.isEmpty() ? List.of() : Arrays.asList(members.split("\n")),
                Boolean.TRUE.equals(e.getProperty("done")), e.getETag());
    }
}
