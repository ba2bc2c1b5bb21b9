package com.cmkverifier.evidence.offline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The time formats evidence files carry. */
public final class EvidenceTime {

    /** Nanoseconds per unit of a fraction with as many digits as the index. */
    private static final int[] NANO_SCALE = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000,
            1_000, 100, 10, 1};

    private EvidenceTime() {
    }

    /**
     * ISO-8601 with up to 9 fractional digits (audit records have 7); an offset instead of {@code Z}
     * ({@code az} prints {@code +00:00}); Log Analytics' zone-less UTC; epoch seconds (Key Vault REST).
     *
     * @throws MalformedRecordException naming the text when it is none of these
     */
    public static Instant parse(String text) {
        Instant canonical = canonical(text);
        if (canonical != null) {
            return canonical;
        }
        String s = text.trim();
        canonical = canonical(s);
        if (canonical != null) {
            return canonical;
        }
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() <= 12) {
            return Instant.ofEpochSecond(Long.parseLong(s));
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new MalformedRecordException("unparseable time '" + abbreviate(s) + "'");
                }
            }
        }
    }

    /**
     * The form audit records carry, {@code 2024-05-14T10:00:00.1234567Z}, read digit by digit: the general
     * parsers cost more than the rest of a record. Null for anything else, including out-of-range fields and
     * leap seconds, which the general parsers then accept or reject.
     */
    public static Instant canonical(String text) {
        int n = text.length();
        if (n < 20 || n > 30) {
            return null;
        }
        // One copy read by index: a charAt per character showed in the profile. A character beyond Latin-1
        // becomes '?', which no position accepts.
        byte[] s = text.getBytes(StandardCharsets.ISO_8859_1);
        if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[n - 1] != 'Z'
                || (n > 20 && (n == 21 || s[19] != '.'))) {
            return null;
        }
        int century = twoDigits(s, 0);
        int yearOfCentury = twoDigits(s, 2);
        int month = twoDigits(s, 5);
        int day = twoDigits(s, 8);
        int hour = twoDigits(s, 11);
        int minute = twoDigits(s, 14);
        int second = twoDigits(s, 17);
        int fraction = n > 20 ? digits(s, 20, n - 1) : 0;
        // Each is -1 when not digits: one test for all.
        if ((century | yearOfCentury | month | day | hour | minute | second | fraction) < 0) {
            return null;
        }
        int year = century * 100 + yearOfCentury;
        if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59
                || day > DAYS_IN_MONTH[month] && !(month == 2 && day == 29 && isLeap(year))) {
            return null;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second;
        return Instant.ofEpochSecond(seconds, fraction * NANO_SCALE[n > 20 ? n - 21 : 0]);
    }

    /** Days in each month of a common year, by month number. */
    private static final int[] DAYS_IN_MONTH = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** The two ASCII digits at {@code i} as a number; -1 when either is not one. */
    private static int twoDigits(byte[] s, int i) {
        int tens = s[i] - '0';
        int ones = s[i + 1] - '0';
        return (tens | ones | 9 - tens | 9 - ones) < 0 ? -1 : tens * 10 + ones;
    }

    /**
     * {@code LocalDate.of(year, month, day).toEpochDay()} for a valid date, without the object per record the
     * profile showed: the proleptic Gregorian calendar counted in 400-year eras of 146,097 days, each year taken
     * to start on 1 March so that the leap day is its last.
     */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = y >= 0 ? y / 400 : Math.floorDiv(y, 400);
        int yearOfEra = (int) (y - era * 400);
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** The ASCII digits from {@code from} to {@code to} as a number; -1 when any is not one. */
    private static int digits(byte[] s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    public static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
