package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.azure.data.tables.models.TableServiceException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verdict-history rows not yet accepted by Log Analytics, in table {@code {prefix}history}: PartitionKey
 * "pending", RowKey = the verdict's id (encoded). A row is written before it is sent and removed once the service
 * accepted it, so a failed send is retried by the next sweep instead of being lost.
 */
public final class HistoryOutbox {

    private static final String PARTITION = "pending";
    /** A table transaction holds at most 100 operations and 4 MiB: rows are JSON text, mostly ASCII. */
    private static final int MAX_ACTIONS = 100;
    private static final long MAX_CHARS = 1_000_000;

    private final TableClient table;

    public HistoryOutbox(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    /** @param rows verdict id to the row's JSON; a row already pending is replaced */
    public void add(Map<String, String> rows) {
        List<TableTransactionAction> actions = new ArrayList<>();
        long chars = 0;
        for (Map.Entry<String, String> row : rows.entrySet()) {
            if (actions.size() == MAX_ACTIONS || chars + row.getValue().length() > MAX_CHARS) {
                table.submitTransaction(actions);
                actions = new ArrayList<>();
                chars = 0;
            }
            TableEntity e = new TableEntity(PARTITION, TableKeys.of(row.getKey())).addProperty("id", row.getKey());
            ChunkedText.put(e, "row", row.getValue());
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e));
            chars += row.getValue().length();
        }
        if (!actions.isEmpty()) {
            table.submitTransaction(actions);
        }
    }

    /** Up to {@code max} pending rows, verdict id to JSON. */
    public Map<String, String> pending(int max) {
        Map<String, String> out = new LinkedHashMap<>();
        ListEntitiesOptions query = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION + "'");
        for (TableEntity e : table.listEntities(query, null, null)) {
            if (out.size() >= max) {
                break;
            }
            out.put(StoredTables.text(e, "id"), ChunkedText.get(e, "row"));
        }
        return out;
    }

    /** Removes the rows; one already gone (a concurrent retry sent it too) is no error. */
    public void remove(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += MAX_ACTIONS) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_ACTIONS));
            try {
                table.submitTransaction(chunk.stream().map(id -> new TableTransactionAction(
                        TableTransactionActionType.DELETE, new TableEntity(PARTITION, TableKeys.of(id)))).toList());
            } catch (TableTransactionFailedException e) {
                removeOneByOne(chunk);
            }
        }
    }

    private void removeOneByOne(List<String> ids) {
        for (String id : ids) {
            try {
                table.deleteEntity(PARTITION, TableKeys.of(id));
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() != 404) {
                    throw e;
                }
            }
        }
    }
}
