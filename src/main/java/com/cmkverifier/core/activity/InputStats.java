package com.cmkverifier.core.activity;

import java.util.List;

/**
 * How much evidence was read: files, records parsed and records skipped as malformed. {@code skippedDetails}
 * lists the first skipped inputs with file and line; {@code skipped} counts them all.
 */
public record InputStats(long files, long records, long skipped, List<SkippedInput> skippedDetails) {

    public static final InputStats NONE = new InputStats(0, 0, 0, List.of());

    public InputStats {
        skippedDetails = List.copyOf(skippedDetails);
    }
}
