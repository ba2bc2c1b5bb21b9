package com.cmkverifier.state;

import com.azure.core.http.rest.Response;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry in table {@code {prefix}registry}: PartitionKey "resource", RowKey = the encoded name, the
 * entry's JSON (as {@link RegistryReader#toJson} writes it, unknown fields included) in property "entry". A
 * deleted entry stays as a tombstone (property {@code deleted}, no entry), so that discovery and seeding, which
 * only ever add entries that have no row, never bring it back: only an explicit put does. Changes by a person
 * are conditional on the version they read (ETag), and so are discovery's changes. Every write records who made
 * it and when (properties {@code changedBy}, {@code changedAt}), a deletion on its tombstone.
 */
public final class RegistryStore {

    private static final String PARTITION = "resource";
    private static final String DELETED = "deleted";
    /** One row per seed file version seeded (RowKey: its hash), apart from the entries. */
    private static final String SEED = "seed";
    private static final int TRANSACTION_LIMIT = 100;
    private static final String CHANGED_BY = "changedBy";
    private static final String CHANGED_AT = "changedAt";

    private final TableClient table;

    public RegistryStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    /** Every readable entry; tombstones left out, unreadable rows skipped and named in the snapshot. */
    public RegistrySnapshot snapshot() {
        List<ProtectedResource> all = new ArrayList<>();
        Map<String, String> etags = new HashMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        Map<String, RegistryChange> changes = new HashMap<>();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + PARTITION + "'");
        for (TableEntity e : table.listEntities(options, null, null)) {
            if (isTombstone(e)) {
                continue;
            }
            try {
                ProtectedResource r = fromEntity(e);
                all.add(r);
                etags.put(r.name(), e.getETag());
                RegistryChange change = changeOf(e);
                if (change != null) {
                    changes.put(r.name(), change);
                }
            } catch (IllegalStateException bad) {
                unreadable.put(Objects.requireNonNullElse(StoredTables.text(e, "name"), e.getRowKey()), bad.getMessage());
            }
        }
        return new RegistrySnapshot(new Registry(all), etags, unreadable, changes);
    }

    /** Every readable entry (see {@link #snapshot} for the ones skipped). */
    public Registry registry() {
        return snapshot().registry();
    }

    public Optional<ProtectedResource> find(String name) {
        return entry(name).map(RegistryEntry::resource);
    }

    /**
     * The entry with its version; empty when there is none or it was deleted.
     *
     * @throws IllegalStateException when its stored row no longer validates
     */
    public Optional<RegistryEntry> entry(String name) {
        return StoredTables.find(table, PARTITION, TableKeys.of(name)).filter(e -> !isTombstone(e))
                .map(e -> new RegistryEntry(fromEntity(e), e.getETag(), changeOf(e)));
    }

    /** What a put did: the entry as stored and whether it was new (none, or a tombstone, before). */
    public record Put(RegistryEntry entry, boolean created) {
    }

    /**
     * Creates or replaces the entry. With {@code ifMatch}, only the version it names is replaced; without it,
     * whatever is stored, a tombstone too (an explicit put is how a deleted entry comes back).
     *
     * @throws RegistryConflict when {@code ifMatch} no longer names the stored entry (changed, deleted, or never there)
     */
    public Put put(ProtectedResource r, String ifMatch, RegistryChange change) {
        Optional<TableEntity> stored = StoredTables.find(table, PARTITION, TableKeys.of(r.name()));
        boolean existed = stored.filter(e -> !isTombstone(e)).isPresent();
        TableEntity e = toEntity(r, change);
        Response<Void> answer;
        if (ifMatch == null) {
            answer = table.upsertEntityWithResponse(e, TableEntityUpdateMode.REPLACE, null, null);
        } else {
            if (!existed) {
                throw new RegistryConflict("entry '" + r.name() + "' is not registered: If-Match names no version of it");
            }
            StoredTables.putEtag(e, ifMatch);
            answer = conditional(e, r.name());
        }
        return new Put(new RegistryEntry(r, StoredTables.etag(answer), change), !existed);
    }

    /**
     * Replaces the entry only if it is still the version {@code etag} names (discovery's changes); false when a
     * person changed or deleted it since it was read: theirs stands.
     */
    public boolean replaceIfUnchanged(ProtectedResource r, String etag, RegistryChange change) {
        TableEntity e = toEntity(r, change);
        StoredTables.putEtag(e, etag);
        return StoredTables.replaceIfUnchanged(table, e);
    }

    /** Adds the entry unless a row of that name exists (an entry, or a tombstone); true when added. */
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

    /**
     * Adds the entries that have no row yet (neither registered nor deleted), a hundred per transaction; returns
     * how many were added. Each is added at most once, however many starts seed at the same time.
     */
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

    /** Records that the seed file of this version was seeded, so that a later start does not read it again. */
    public void markSeeded(String version) {
        table.upsertEntity(new TableEntity(SEED, version));
    }

    /**
     * Deletes the entry, leaving a tombstone; with {@code ifMatch}, only the version it names. False when there
     * was no entry.
     *
     * @throws RegistryConflict when {@code ifMatch} no longer names the stored entry
     */
    public boolean delete(String name, String ifMatch, RegistryChange change) {
        Optional<TableEntity> stored = StoredTables.find(table, PARTITION, TableKeys.of(name))
                .filter(e -> !isTombstone(e));
        if (stored.isEmpty()) {
            if (ifMatch != null) {
                throw new RegistryConflict("entry '" + name + "' is not registered: If-Match names no version of it");
            }
            return false;
        }
        TableEntity tombstone = new TableEntity(PARTITION, TableKeys.of(name))
                .addProperty("name", Objects.requireNonNullElse(StoredTables.text(stored.get(), "name"), name))
                .addProperty(DELETED, true);
        recordChange(tombstone, change);
        if (ifMatch == null) {
            table.upsertEntityWithResponse(tombstone, TableEntityUpdateMode.REPLACE, null, null);
        } else {
            StoredTables.putEtag(tombstone, ifMatch);
            conditional(tombstone, name);
        }
        return true;
    }

    private Response<Void> conditional(TableEntity e, String name) {
        try {
            return table.updateEntityWithResponse(e, TableEntityUpdateMode.REPLACE, true, null, null);
        } catch (TableServiceException ex) {
            if (StoredTables.isConflict(ex) || ex.getResponse().getStatusCode() == 404) {
                throw new RegistryConflict("entry '" + name + "' was changed or deleted since the version If-Match names");
            }
            throw ex;
        }
    }

    private static boolean isTombstone(TableEntity e) {
        return Boolean.TRUE.equals(e.getProperty(DELETED));
    }

    private static TableEntity toEntity(ProtectedResource r, RegistryChange change) {
        TableEntity e = new TableEntity(PARTITION, TableKeys.of(r.name())).addProperty("name", r.name());
        recordChange(e, change);
        ChunkedText.put(e, "entry", RegistryReader.toJson(r).toString());
        return e;
    }

    private static void recordChange(TableEntity e, RegistryChange change) {
        e.addProperty(CHANGED_BY, change.by()).addProperty(CHANGED_AT, change.at().atOffset(ZoneOffset.UTC));
    }

    /** Who last wrote the row; null for a row written before that was recorded. */
    private static RegistryChange changeOf(TableEntity e) {
        Object by = e.getProperty(CHANGED_BY);
        Object at = e.getProperty(CHANGED_AT);
        return by instanceof String who && at instanceof OffsetDateTime when ? new RegistryChange(who, when.toInstant())
                : null;
    }

    private static ProtectedResource fromEntity(TableEntity e) {
        String name = StoredTables.text(e, "name");
        try {
            String json = ChunkedText.get(e, "entry");
            if (json == null) {
                throw new IllegalStateException("stored registry entry '" + name + "' has no content");
            }
            return RegistryReader.parseEntry(Jackson.MAPPER.readTree(json), "");
        } catch (JsonProcessingException | RuntimeException ex) {
            throw new IllegalStateException("stored registry entry '" + name + "' is no longer valid: "
                    + ex.getMessage());
        }
    }
}
