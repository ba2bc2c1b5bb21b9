package com.cmkverifier.evidence.offline.auditlog;

/** Progress of reading evidence files, e.g. for a CLI to print on stderr. */
@FunctionalInterface
public interface ReadProgress {

    ReadProgress NONE = (done, total) -> {
    };

    /** Called after each file, never concurrently; {@code done} counts from 1 up to {@code total}. */
    void filesRead(int done, int total);
}
