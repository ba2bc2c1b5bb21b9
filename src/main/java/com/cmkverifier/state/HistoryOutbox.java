package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Verdict-history rows not yet accepted by Log Analytics, in table {@code {prefix}history}: PartitionKey
 * "pending", RowKey = the verdict's id (encoded) plus a key of its own per write, so that two writes of one
 * verdict (a shard checked twice, two workers racing for a run) are two rows and removing one never removes the
 * other. A row is written before the final write it records, and removed once the service accepted it, only
 * if it is still the version that was sent. Rows the service refuses for good move to {@code {prefix}historydead}
 * with the reason.
 */
public final class HistoryOutbox {

    private static final String PARTITION = "pending";
    private static final String DEAD = "dead";
    /** A table transaction holds at most 100 operations and 4 MiB: rows are JSON text, mostly ASCII. */
    private static final int MAX_ACTIONS = 100;
    private static final long MAX_CHARS = 1_000_000;

    private final TableClient table;
    private final TableClient dead;

    /** A row waiting to be sent, as read: {@code etag} makes its removal conditional. */
    public record Pending(String rowKey, String id, String json, String etag) {
    }

    /** A row the service refused for good, with its reason. */
    public record DeadLetter(String id, String json, String reason, Instant at) {
    }

    public HistoryOutbox(TableClient table, TableClient dead) {
        this.table = table;
        this.dead = dead;
        StoredTables.createIfMissing(table);
        StoredTables.createIfMissing(dead);
    }

    /**
     * Keeps the rows, a transaction per hundred rows (or a megabyte); throws when they could not be kept.
     *
     * @param rows verdict id to the row's JSON
     */
    public void add(Map<String, String> rows) {
        List<TableTransactionAction> actions = new ArrayList<>();
        long chars = 0;
        for (Map.Entry<String, String> row : rows.entrySet()) {
            if (actions.size() == MAX_ACTIONS || chars + row.getValue().length() > MAX_CHARS) {
                table.submitTransaction(actions);
                actions = new ArrayList<>();
                chars = 0;
            }
            TableEntity e = new TableEntity(PARTITION, TableKeys.of(row.getKey()) + "." + UUID.randomUUID())
                    .addProperty("id", row.getKey());
            ChunkedText.put(e, "row", row.getValue());
            actions.add(new TableTransactionAction(TableTransactionActionType.CREATE, e));
            chars += row.getValue().length();
        }
        if (!actions.isEmpty()) {
            table.submitTransaction(actions);
        }
    }

    /** Up to {@code max} pending rows, in key order. */
    public List<Pending> pending(int max) {
        List<Pending> out = new ArrayList<>();
        ListEntitiesOptions query = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION + "'");
        for (TableEntity e : table.listEntities(query, null, null)) {
            if (out.size() >= max) {
                break;
            }
            out.add(new Pending(e.getRowKey(), StoredTables.text(e, "id"), ChunkedText.get(e, "row"), e.getETag()));
        }
        return out;
    }

    /**
     * Removes the rows if each is still the version read; one already gone (a concurrent sender removed it) or
     * written again since is left alone, without error.
     */
    public void remove(List<Pending> rows) {
        for (int from = 0; from < rows.size(); from += MAX_ACTIONS) {
            List<Pending> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_ACTIONS));
            try {
                table.submitTransaction(chunk.stream().map(p -> new TableTransactionAction(
                        TableTransactionActionType.DELETE, versioned(p), true)).toList());
            } catch (TableTransactionFailedException e) {
                removeOneByOne(chunk);
            }
        }
    }

    private void removeOneByOne(List<Pending> rows) {
        for (Pending p : rows) {
            try {
                table.deleteEntityWithResponse(versioned(p), true, null, null);
            } catch (TableServiceException ex) {
                int status = ex.getResponse().getStatusCode();
                if (status != 404 && status != 412) {
                    throw ex;
                }
            }
        }
    }

    private static TableEntity versioned(Pending p) {
        TableEntity e = new TableEntity(PARTITION, p.rowKey());
        StoredTables.putEtag(e, p.etag());
        return e;
    }

    /** Moves a row the service refused for good to the dead letters, with the reason; it no longer blocks others. */
    public void deadLetter(Pending row, String reason, Instant at) {
        TableEntity e = new TableEntity(DEAD, row.rowKey()).addProperty("id", row.id())
                .addProperty("reason", reason).addProperty("at", at.toString());
        ChunkedText.put(e, "row", row.json());
        dead.upsertEntity(e);
        remove(List.of(row));
    }

    /** The dead letters, oldest key first. */
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        for (TableEntity e : dead.listEntities(new ListEntitiesOptions().setFilter("PartitionKey eq '" + DEAD + "'"),
                null, null)) {
            out.add(new DeadLetter(StoredTables.text(e, "id"), ChunkedText.get(e, "row"),
                    StoredTables.text(e, "reason"), StoredTables.instant(e, "at")));
        }
        return out;
    }
}
