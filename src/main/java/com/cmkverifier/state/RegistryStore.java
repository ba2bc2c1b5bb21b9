package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.registry.RegistryException;
import com.cmkverifier.registry.RegistryReader;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry in table {@code {prefix}registry}: PartitionKey "resource", RowKey = the encoded name, the
 * entry's JSON (as {@link RegistryReader#toJson} writes it, unknown fields included) in property "entry".
 */
public final class RegistryStore {

    private static final String PARTITION = "resource";

    private final TableClient table;

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

    /** Creates or replaces the entry; true when it was created. */
    public boolean put(ProtectedResource r) {
        boolean existed = StoredTables.find(table, PARTITION, TableKeys.of(r.name())).isPresent();
        table.upsertEntityWithResponse(toEntity(r), TableEntityUpdateMode.REPLACE, null, null);
        return !existed;
    }

    /** Adds the entry unless one of that name exists; true when added. */
    public boolean addIfAbsent(ProtectedResource r) {
        try {
            table.createEntity(toEntity(r));
            return true;
        } catch (TableServiceException e) {
            if (StoredTables.isConflict(e)) {
                return false;
            }
            throw e;
        }
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

    private static TableEntity toEntity(ProtectedResource r) {
        TableEntity e = new TableEntity(PARTITION, TableKeys.of(r.name())).addProperty("name", r.name());
        ChunkedText.put(e, "entry", RegistryReader.toJson(r).toString());
        return e;
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
