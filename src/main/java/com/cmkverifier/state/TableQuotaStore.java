package com.cmkverifier.state;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quota counters in an Azure table, shared by every instance of the Functions app. One partition per scope:
 * row {@code rate} holds the current slice's number, the tokens taken in it and the scope's not-before time;
 * rows {@code slot-0..n} hold each slot's holder until a time. Every change is an ETag-guarded replace (or an
 * insert that fails when another instance inserted first), so two instances never both take the last token or
 * the same slot: the loser reads again. Storage cost: a claim is one read and one write (plus one of each per
 * lost race); a slot is one partition query and one write to take, one read and one write to free.
 */
public final class TableQuotaStore implements QuotaStore {

    private static final String RATE = "rate";

    private final TableClient table;
    /** The holder mark this instance wrote when it took a slot, so that freeing it never frees another's. */
    private final Map<String, String> heldSlots = new ConcurrentHashMap<>();

    public TableQuotaStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    @Override
    public Claim claim(String scope, long slice, int cap, int wanted, Instant now) {
        String pk = partition(scope);
        while (true) {
            Optional<TableEntity> row = StoredTables.find(table, pk, RATE);
            if (row.isEmpty()) {
                int granted = Math.min(wanted, cap);
                if (insert(new TableEntity(pk, RATE).addProperty("Slice", slice).addProperty("Used", (long) granted)
                        .addProperty("NotBefore", 0L)) != null) {
                    return new Claim(granted, Instant.EPOCH);
                }
                continue;
            }
            TableEntity e = row.get();
            Instant notBefore = Instant.ofEpochMilli(number(e, "NotBefore"));
            long used = number(e, "Slice") == slice ? number(e, "Used") : 0;
            int granted = (int) Math.max(0, Math.min(wanted, cap - used));
            if (now.isBefore(notBefore) || granted == 0) {
                return new Claim(0, notBefore);
            }
            e.addProperty("Slice", slice).addProperty("Used", used + granted);
            if (StoredTables.replaceIfUnchanged(table, e)) {
                return new Claim(granted, notBefore);
            }
        }
    }

    @Override
    public void holdOff(String scope, Instant notBefore) {
        String pk = partition(scope);
        while (true) {
            Optional<TableEntity> row = StoredTables.find(table, pk, RATE);
            if (row.isEmpty()) {
                if (insert(new TableEntity(pk, RATE).addProperty("Slice", -1L).addProperty("Used", 0L)
                        .addProperty("NotBefore", notBefore.toEpochMilli())) != null) {
                    return;
                }
                continue;
            }
            TableEntity e = row.get();
            if (number(e, "NotBefore") >= notBefore.toEpochMilli()) {
                return;
            }
            e.addProperty("NotBefore", notBefore.toEpochMilli());
            if (StoredTables.replaceIfUnchanged(table, e)) {
                return;
            }
        }
    }

    @Override
    public int takeSlot(String scope, int slots, Instant now, Instant until) {
        String pk = partition(scope);
        Map<String, TableEntity> rows = new HashMap<>();
        table.listEntities(new ListEntitiesOptions().setFilter("PartitionKey eq '" + pk + "'"), null, null)
                .forEach(e -> rows.put(e.getRowKey(), e));
        for (int i = 0; i < slots; i++) {
            TableEntity e = rows.get("slot-" + i);
            String holder = UUID.randomUUID().toString();
            boolean taken;
            if (e == null) {
                taken = insert(new TableEntity(pk, "slot-" + i).addProperty("HeldUntil", until.toEpochMilli())
                        .addProperty("Holder", holder)) != null;
            } else if (number(e, "HeldUntil") <= now.toEpochMilli()) {
                taken = StoredTables.replaceIfUnchanged(table, e.addProperty("HeldUntil", until.toEpochMilli())
                        .addProperty("Holder", holder));
            } else {
                continue;
            }
            if (taken) {
                heldSlots.put(pk + "/" + i, holder);
                return i;
            }
        }
        return -1;
    }

    @Override
    public void freeSlot(String scope, int slot) {
        String pk = partition(scope);
        String holder = heldSlots.remove(pk + "/" + slot);
        Optional<TableEntity> row = holder == null ? Optional.empty() : StoredTables.find(table, pk, "slot-" + slot);
        // Not ours any more when the hold lapsed and another instance took the slot: then it is theirs to free.
        if (row.isPresent() && holder.equals(StoredTables.text(row.get(), "Holder"))) {
            StoredTables.replaceIfUnchanged(table, row.get().addProperty("HeldUntil", 0L));
        }
    }

    /** The new entity's ETag, or null when another instance inserted it first. */
    private String insert(TableEntity e) {
        try {
            return table.createEntityWithResponse(e, null, null).getHeaders().getValue("ETag");
        } catch (HttpResponseException ex) {
            if (StoredTables.isConflict(ex)) {
                return null;
            }
            throw ex;
        }
    }

    private static long number(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v instanceof Number n ? n.longValue() : v == null ? 0 : Long.parseLong(v.toString());
    }

    /** Key Vault hosts and identity ids are safe partition keys already; anything else is made safe. */
    private static String partition(String scope) {
        return scope.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
