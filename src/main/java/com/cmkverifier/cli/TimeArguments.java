package com.cmkverifier.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the CLI's ISO-8601 times and durations with messages that name the option. */
final class TimeArguments {

    private TimeArguments() {
    }

    /** {@code 2026-11-20T06:00:00Z}, an offset time, or a date (midnight UTC). */
    static Instant instant(String option, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UsageException(option + ": '" + value + "' is not an ISO-8601 time with its zone, such as"
                        + " 2026-11-20T06:00:00Z or 2026-11-20T07:00:00+01:00");
            }
        }
    }

    /** {@code P1D}, {@code PT6H}, ...: positive. */
    static Duration duration(String option, String value) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw new UsageException(option + ": '" + value + "' must be a positive duration");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new UsageException(option + ": '" + value + "' is not an ISO-8601 duration such as P1D or PT6H");
        }
    }
}
