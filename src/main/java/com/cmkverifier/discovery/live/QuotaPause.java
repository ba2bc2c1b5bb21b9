package com.cmkverifier.discovery.live;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Resource Graph's per-user quota (for example 15 queries per 5 seconds; every page counts): each answer announces
 * {@code x-ms-user-quota-remaining} and {@code x-ms-user-quota-resets-after} ({@code hh:mm:ss}). When none is left,
 * the next page waits until the window resets instead of being throttled.
 */
final class QuotaPause {

    /** The longest wait taken on the service's word, so that a garbled header cannot stall a run. */
    static final Duration MAX = Duration.ofMinutes(1);

    private QuotaPause() {
    }

    /** How long to wait before the next query: zero while quota remains or the headers are absent. */
    static Duration before(String remaining, String resetsAfter) {
        if (remaining == null || resetsAfter == null) {
            return Duration.ZERO;
        }
        try {
            if (Integer.parseInt(remaining.trim()) > 0) {
                return Duration.ZERO;
            }
            String[] hms = resetsAfter.trim().split(":");
            Duration d = Duration.ofHours(Long.parseLong(hms[0])).plusMinutes(Long.parseLong(hms[1]))
                    .plusMillis(Math.round(Double.parseDouble(hms[2]) * 1000));
            return d.compareTo(MAX) > 0 ? MAX : d;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException | DateTimeParseException e) {
            return Duration.ZERO;
        }
    }
}
