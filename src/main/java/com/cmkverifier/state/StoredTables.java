package com.cmkverifier.state;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What every store does with its table: create it, read optional entities and typed properties. */
final class StoredTables {

    /** The SDK reads an entity's ETag from this property and sends it as If-Match. */
    private static final String ETAG = "odata.etag";

    private StoredTables() {
    }

    static void createIfMissing(TableClient table) {
        try {
            table.createTable();
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() != 409) {
                throw e;
            }
        }
    }

    static Optional<TableEntity> find(TableClient table, String partition, String row) {
        try {
            return Optional.of(table.getEntity(partition, row));
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Replaces the entity if the stored one is still the version its {@code odata.etag} property names.
     *
     * @return false when another writer changed it first
     */
    static boolean replaceIfUnchanged(TableClient table, TableEntity e) {
        try {
            table.updateEntityWithResponse(e, TableEntityUpdateMode.REPLACE, true, null, null);
            return true;
        } catch (HttpResponseException ex) {
            if (isConflict(ex)) {
                return false;
            }
            throw ex;
        }
    }

    /** 409 (already exists) and 412 (ETag no longer matches): someone else wrote first. */
    static boolean isConflict(HttpResponseException e) {
        int status = e.getResponse().getStatusCode();
        return status == 409 || status == 412;
    }

    /**
     * Deletes at most {@code max} rows keyed {@code row} whose {@code endedAt} (epoch seconds) is before
     * {@code endedBefore}, except in partition {@code kept}.
     *
     * @return how many were deleted
     */
    static int purgeEnded(TableClient table, String row, Instant endedBefore, int max, String kept) {
        ListEntitiesOptions options = new ListEntitiesOptions().setTop(max)
                .setFilter("RowKey eq '" + row + "' and done eq true and endedAt lt " + endedBefore.getEpochSecond()
                        + "L and PartitionKey ne '" + kept.replace("'", "''") + "'")
                .setSelect(List.of("PartitionKey", "RowKey"));
        int deleted = 0;
        for (TableEntity e : table.listEntities(options, null, null)) {
            if (deleted >= max) {
                break;
            }
            table.deleteEntity(e.getPartitionKey(), e.getRowKey());
            deleted++;
        }
        return deleted;
    }

    static void putIfPresent(TableEntity e, String name, Object value) {
        if (value != null) {
            e.addProperty(name, value.toString());
        }
    }

    static void putEtag(TableEntity e, String etag) {
        if (etag != null) {
            e.addProperty(ETAG, etag);
        }
    }

    static String text(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v == null ? null : v.toString();
    }

    static Instant instant(TableEntity e, String name) {
        String v = text(e, name);
        return v == null ? null : Instant.parse(v);
    }
}
