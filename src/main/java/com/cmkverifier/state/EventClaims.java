package com.cmkverifier.state;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;

import java.time.Duration;
import java.time.Instant;

/**
 * One claim per subject and time window in table {@code {prefix}eventclaims} (PartitionKey = the subject's
 * {@link TableKeys key}, RowKey = the window's start in epoch seconds). The insert is the lock: Table storage
 * answers 409 to the second insert of a key, so among events delivered at once for one subject and window
 * exactly one wins, whatever their ids.
 */
public final class EventClaims {

    private final TableClient table;

    public EventClaims(TableClient table) {
        this.table = table;
        StoredTables.createIfMissing(table);
    }

    /** @return true for the one caller that claimed {@code subject} in the window holding {@code at} */
    public boolean claim(String subject, Instant at, Duration window, String eventId) {
        try {
            table.createEntity(new TableEntity(TableKeys.of(subject), row(at, window))
                    .addProperty("subject", subject).addProperty("eventId", eventId));
            return true;
        } catch (HttpResponseException e) {
            if (StoredTables.isConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Gives a claim back when the work it guarded failed, so that the event's redelivery can do it. */
    public void release(String subject, Instant at, Duration window) {
        try {
            table.deleteEntity(TableKeys.of(subject), row(at, window));
        } catch (HttpResponseException e) {
            if (e.getResponse().getStatusCode() != 404) {
                throw e;
            }
        }
    }

    private static String row(Instant at, Duration window) {
        long w = window.toSeconds();
        return Long.toString(Math.floorDiv(at.getEpochSecond(), w) * w);
    }
}
