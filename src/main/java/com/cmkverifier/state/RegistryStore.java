package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.registry.RegistryException;
import com.cmkverifier.registry.RegistryReader;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry in table {@code {prefix}registry}: PartitionKey "resource", RowKey = the encoded name, the
 * entry's JSON (as {@link RegistryReader#toJson} writes it, unknown fields included) in property "entry", and who
 * last wrote it in "changedBy" and "changedAt" (absent on rows written before they were recorded).
 */
public final class RegistryStore {

    private static final String PARTITION = "resource";
    /** One row per seed file version seeded (RowKey: its hash), apart from the entries. */
    private static final String SEED = "seed";
    private static final int TRANSACTION_LIMIT = 100;
    private static final String CHANGED_BY = "changedBy";
    private static final String CHANGED_AT = "changedAt";

    private final TableClient table;

    /** An entry with who last wrote it; {@code changed} is null for a row written before that was recorded. */
    public record Entry(ProtectedResource resource, RegistryChange changed) {
    }

    public RegistryStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    /** Every entry. An entry stored by an older version that no longer validates is an error, not a gap. */
    public Registry registry() {
        List<ProtectedResource> all = new ArrayList<>();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION + "'");
        for (TableEntity e : table.listEntities(options, null, null)) {
            all.add(fromEntity(e));
        }
        return new Registry(all);
    }

    public Optional<ProtectedResource> find(String name) {
        return StoredTables.find(table, PARTITION, TableKeys.of(name)).map(RegistryStore::fromEntity);
    }

    /** Every entry with who last wrote it. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION + "'");
        for (TableEntity e : table.listEntities(options, null, null)) {
            all.add(new Entry(fromEntity(e), changeOf(e)));
        }
        return all;
    }

    public Optional<Entry> entry(String name) {
        return StoredTables.find(table, PARTITION, TableKeys.of(name)).map(e -> new Entry(fromEntity(e), changeOf(e)));
    }

    /** Creates or replaces the entry, recording who did; true when it was created. */
    public boolean put(ProtectedResource r, RegistryChange change) {
        boolean existed = StoredTables.find(table, PARTITION, TableKeys.of(r.name())).isPresent();
        table.upsertEntityWithResponse(toEntity(r, change), TableEntityUpdateMode.REPLACE, null, null);
        return !existed;
    }

    /** Adds the entry unless one of that name exists, recording who did; true when added. */
    public boolean addIfAbsent(ProtectedResource r, RegistryChange change) {
        try {
            table.createEntity(toEntity(r, change));
            return true;
        } catch (TableServiceException e) {
            if (StoredTables.isConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Adds the entries not registered yet, a hundred per transaction; returns how many were added. */
    public int addAllIfAbsent(List<ProtectedResource> resources, RegistryChange change) {
        int added = 0;
        for (int i = 0; i < resources.size(); i += TRANSACTION_LIMIT) {
            List<ProtectedResource> chunk = resources.subList(i, Math.min(i + TRANSACTION_LIMIT, resources.size()));
            try {
                table.submitTransaction(chunk.stream()
                        .map(r -> new TableTransactionAction(TableTransactionActionType.CREATE, toEntity(r, change))).toList());
                added += chunk.size();
            } catch (TableTransactionFailedException e) {
                // Some already exist (the transaction wrote none): add the others one by one.
                for (ProtectedResource r : chunk) {
                    added += addIfAbsent(r, change) ? 1 : 0;
                }
            }
        }
        return added;
    }

    /** Whether the seed file of this version (a hash of its content) was seeded before. */
    public boolean seeded(String version) {
        return StoredTables.find(table, SEED, version).isPresent();
    }

    /** Records that the seed file of this version was seeded, so that a later start does not seed it again. */
    public void markSeeded(String version) {
        table.upsertEntity(new TableEntity(SEED, version));
    }

    /** Deletes the entry; false when there was none. */
    public boolean delete(String name) {
        try {
            table.deleteEntityWithResponse(new TableEntity(PARTITION, TableKeys.of(name)), false, null, null);
            return true;
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static TableEntity toEntity(ProtectedResource r, RegistryChange change) {
        TableEntity e = new TableEntity(PARTITION, TableKeys.of(r.name())).addProperty("name", r.name())
                .addProperty(CHANGED_BY, change.by()).addProperty(CHANGED_AT, change.at().atOffset(ZoneOffset.UTC));
        ChunkedText.put(e, "entry", RegistryReader.toJson(r).toString());
        return e;
    }

    private static RegistryChange changeOf(TableEntity e) {
        Object by = e.getProperty(CHANGED_BY);
        Object at = e.getProperty(CHANGED_AT);
        return by instanceof String who && at instanceof OffsetDateTime when ? new RegistryChange(who, when.toInstant())
                : null;
    }

    private static ProtectedResource fromEntity(TableEntity e) {
        String name = StoredTables.text(e, "name");
        try {
            return RegistryReader.parseEntry(Jackson.MAPPER.readTree(ChunkedText.get(e, "entry")), "");
        } catch (JsonProcessingException | RegistryException ex) {
            throw new IllegalStateException("stored registry entry '" + name + "' is no longer valid: "
                    + ex.getMessage());
        }
    }
}
