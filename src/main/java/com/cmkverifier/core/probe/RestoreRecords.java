package com.cmkverifier.core.probe;

import java.util.List;
import java.util.function.Consumer;

/** Where restore records live on this machine until the version they name is confirmed enabled again. */
public interface RestoreRecords {

    /** Writes the record durably; throws when it cannot, and then the probe must not disable anything. */
    void write(RestoreRecord record);

    void remove(RestoreRecord record);

    /** Every readable record; each unreadable one is skipped and named to {@code notes}, never dropped silently. */
    List<RestoreRecord> all(Consumer<String> notes);
}
