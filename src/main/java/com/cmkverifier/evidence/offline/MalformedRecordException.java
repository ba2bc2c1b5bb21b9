package com.cmkverifier.evidence.offline;

/** A record that cannot count as evidence; its message is the reason reported with file and line. */
public final class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String reason) {
        // No stack trace: this is an expected outcome reported as input statistics, possibly millions of times.
        super(reason, null, false, false);
    }
}
