package com.cmkverifier.core.probe;

import java.util.List;

/** Where restore records live until the version they name is confirmed enabled again. */
public interface RestoreRecords {

    /** Writes the record durably; throws when it cannot, and then the probe must not disable anything. */
    void write(RestoreRecord record);

    void remove(RestoreRecord record);

    /** Every record still present; unreadable ones are reported by the implementation, never dropped silently. */
    List<RestoreRecord> all();
}
