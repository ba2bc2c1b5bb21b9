package com.cmkverifier.state;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rotation follow-ups in table {@code {prefix}rotations}: PartitionKey = the versionless key's
 * {@link TableKeys key}, RowKey = the new version, so that a redelivered event opens nothing twice. Open ones
 * carry {@code nextCheckAt}, the due-time index the follow-up timer reads.
 */
public final class RotationStore {

    private final TableClient table;

    public RotationStore(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    /** @return false when this key version's follow-up exists already */
    public boolean create(Rotation r) {
        try {
            table.createEntity(toEntity(r));
            return true;
        } catch (HttpResponseException e) {
            if (StoredTables.isConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Rotation> find(String key, String newVersion) {
        return StoredTables.find(table, TableKeys.of(key), newVersion).map(RotationStore::fromEntity);
    }

    /** Every follow-up of a key, the newest first. */
    public List<Rotation> ofKey(String key) {
        List<Rotation> out = new ArrayList<>();
        String filter = "PartitionKey eq '" + TableKeys.of(key) + "'";
        for (TableEntity e : table.listEntities(new ListEntitiesOptions().setFilter(filter), null, null)) {
            out.add(fromEntity(e));
        }
        out.sort(Comparator.comparing(Rotation::openedAt).reversed());
        return out;
    }

    /** Open follow-ups due at or before {@code now}. */
    public List<Rotation> due(Instant now) {
        List<Rotation> out = new ArrayList<>();
        ListEntitiesOptions q = new ListEntitiesOptions().setFilter("open eq true and nextCheckAt le '"
                + now.truncatedTo(ChronoUnit.SECONDS) + "'");
        for (TableEntity e : table.listEntities(q, null, null)) {
            out.add(fromEntity(e));
        }
        return out;
    }

    /** @return false when another writer changed it first */
    public boolean replace(Rotation r) {
        return StoredTables.replaceIfUnchanged(table, toEntity(r));
    }

    private static TableEntity toEntity(Rotation r) {
        ArrayNode tracked = Jackson.MAPPER.createArrayNode();
        for (Rotation.Tracked t : r.resources()) {
            ObjectNode o = tracked.addObject().put("name", t.name()).put("type", t.type())
                    .put("pickup", t.pickup().toString()).put("dueAt", t.dueAt().toString())
                    .put("state", t.state().name());
            if (t.checkedAt() != null) {
                o.put("checkedAt", t.checkedAt().toString());
            }
            if (t.detail() != null) {
                o.put("detail", t.detail());
            }
        }
        TableEntity e = new TableEntity(TableKeys.of(r.key()), r.newVersion())
                .addProperty("key", r.key()).addProperty("openedAt", r.openedAt().toString())
                .addProperty("deadline", r.deadline().toString())
                .addProperty("open", r.open());
        StoredTables.putIfPresent(e, "oldVersion", r.oldVersion());
        StoredTables.putIfPresent(e, "outcome", r.outcome());
        StoredTables.putIfPresent(e, "oldVersionState", r.oldVersionState());
        StoredTables.putIfPresent(e, "reason", r.reason());
        // Whole seconds: ISO-8601 instants of one width compare as strings, which is what the due filter needs
        // ("...:04Z" would sort after "...:04.5Z").
        StoredTables.putIfPresent(e, "nextCheckAt", r.nextCheckAt() == null ? null
                : r.nextCheckAt().truncatedTo(ChronoUnit.SECONDS));
        StoredTables.putIfPresent(e, "updatedAt", r.updatedAt());
        StoredTables.putEtag(e, r.etag());
        ChunkedText.put(e, "resources", tracked.toString());
        return e;
    }

    private static Rotation fromEntity(TableEntity e) {
        List<Rotation.Tracked> tracked = new ArrayList<>();
        JsonNode list;
        try {
            list = Jackson.MAPPER.readTree(ChunkedText.get(e, "resources"));
        } catch (Exception ex) {
            throw new IllegalStateException("stored rotation " + e.getRowKey() + " has unreadable resources", ex);
        }
        for (JsonNode t : list) {
            tracked.add(new Rotation.Tracked(t.get("name").asText(), t.get("type").asText(),
                    Duration.parse(t.get("pickup").asText()), Instant.parse(t.get("dueAt").asText()),
                    Rotation.ResourceState.valueOf(t.get("state").asText()),
                    t.hasNonNull("checkedAt") ? Instant.parse(t.get("checkedAt").asText()) : null,
                    t.hasNonNull("detail") ? t.get("detail").asText() : null));
        }
        return new Rotation(StoredTables.text(e, "key"), e.getRowKey(), StoredTables.text(e, "oldVersion"),
                StoredTables.instant(e, "openedAt"), tracked, StoredTables.text(e, "outcome"),
                StoredTables.text(e, "oldVersionState"), StoredTables.text(e, "reason"),
                StoredTables.instant(e, "nextCheckAt"), StoredTables.instant(e, "deadline"),
                StoredTables.instant(e, "updatedAt"), e.getETag());
    }
}
