package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The app's own dead letters for events it can never process (malformed, or naming nothing it can check), in
 * table {@code {prefix}rejectedevents}: PartitionKey = the day, RowKey = a new id. The function then completes,
 * so Event Grid does not retry an event whose every redelivery would fail the same way.
 */
public final class RejectedEvents {

    /** The event body is kept up to this length; an Event Grid event is at most 1 MB, a table property 64 KiB. */
    static final int MAX_BODY = 30_000;

    private final TableClient table;

    public RejectedEvents(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    /** A kept event: its reason, when, and its body (cut at {@link #MAX_BODY} characters). */
    public record Rejected(String reason, Instant at, String body) {
    }

    public void add(String body, String reason, Instant at) {
        String kept = body == null ? "" : body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
        table.createEntity(new TableEntity(at.toString().substring(0, 10), UUID.randomUUID().toString())
                .addProperty("reason", reason).addProperty("at", at.toString())
                .addProperty("body", kept).addProperty("truncated", body != null && kept.length() != body.length()));
    }

    public List<Rejected> all() {
        List<Rejected> out = new ArrayList<>();
        for (TableEntity e : table.listEntities(new ListEntitiesOptions(), null, null)) {
            out.add(new Rejected(StoredTables.text(e, "reason"), StoredTables.instant(e, "at"),
                    StoredTables.text(e, "body")));
        }
        return out;
    }
}
