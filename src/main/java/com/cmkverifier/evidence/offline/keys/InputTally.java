package com.cmkverifier.evidence.offline.keys;

import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.activity.SkippedInput;

import java.util.ArrayList;
import java.util.List;

/** Counts key evidence read and skipped, keeping the first skipped inputs' places as the audit side does. */
final class InputTally {

    private final List<SkippedInput> details = new ArrayList<>();
    private long files;
    private long records;
    private long skipped;

    void file() {
        files++;
    }

    void record() {
        records++;
    }

    void skip(String file, long line, String reason) {
        skipped++;
        if (details.size() < AuditActivityBuilder.MAX_SKIPPED_DETAILS) {
            details.add(new SkippedInput(file, line, reason));
        }
    }

    InputStats stats() {
        return new InputStats(files, records, skipped, details);
    }
}
