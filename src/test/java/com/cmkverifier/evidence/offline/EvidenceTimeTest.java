package com.cmkverifier.evidence.offline;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EvidenceTimeTest {

    @Property(tries = 2000)
    void theAuditTimeFormIsReadAsInstantParseReadsIt(@ForAll("auditTimes") String text) {
        Instant expected = instantParseOrNull(text);
        if (expected == null) {
            assertNull(EvidenceTime.canonical(text), text);
            Statistics.collect("not a time");
            return;
        }
        Instant canonical = EvidenceTime.canonical(text);
        Statistics.collect(canonical == null ? "left to Instant.parse" : "read digit by digit");
        if (canonical != null) {
            assertEquals(expected, canonical, text);
        }
        assertEquals(expected, EvidenceTime.parse(text), text);
        Statistics.coverage(c -> c.check("read digit by digit").percentage(p -> p >= 10));
    }

    /**
     * Valid times of every year, month ends and leap days, 0 to 9 fraction digits, with {@code Z} (the fast path)
     * or an offset or lower-case {@code z} (which it must leave to the general parsers): one answer either way.
     */
    @Property(tries = 3000)
    void theFastPathAnswersWhatTheGeneralParsersAnswer(@ForAll("validTimes") String text) {
        Instant general = instantParseOrNull(text);
        if (general == null) {
            general = OffsetDateTime.parse(text).toInstant();
        }
        Instant canonical = EvidenceTime.canonical(text);
        if (text.endsWith("Z")) {
            assertEquals(general, canonical, text);
        } else {
            assertNull(canonical, text);
        }
        assertEquals(general, EvidenceTime.parse(text), text);
        assertEquals(general, EvidenceTime.parse(" " + text + "\t"), text);
        Statistics.collect(canonical == null ? "general" : "fast");
        Statistics.coverage(c -> c.check("fast").percentage(p -> p >= 50));
    }

    @Test
    void aLeapDayIsReadOnlyInLeapYearsAndEveryMonthEndsOnItsLastDay() {
        for (int year : new int[] {1900, 1970, 2000, 2023, 2024, 2100, 2400, 9999}) {
            for (int month = 1; month <= 12; month++) {
                for (int day = 27; day <= 32; day++) {
                    String text = String.format("%04d-%02d-%02dT23:59:59.9999999Z", year, month, day);
                    assertEquals(instantParseOrNull(text), EvidenceTime.canonical(text), text);
                }
            }
        }
    }

    @Test
    void aCharacterBeyondLatin1IsNeverTakenForTheByteItEndsIn() {
        String time = "2026-11-20T02:00:00.0003118Z";
        for (int at = 0; at < time.length(); at++) {
            // U+0130 ends in the byte of '0', U+015A in that of 'Z', and so on for every separator.
            char wide = (char) (0x100 + time.charAt(at));
            String text = time.substring(0, at) + wide + time.substring(at + 1);
            assertNull(EvidenceTime.canonical(text), text);
            assertNull(instantParseOrNull(text), text);
        }
    }

    @Provide
    Arbitrary<String> validTimes() {
        Arbitrary<LocalDate> date = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 9999)
                        .flatMap(y -> Arbitraries.integers().between(1, LocalDate.of(y, 1, 1).lengthOfYear())
                                .map(d -> LocalDate.ofYearDay(y, d)))),
                Tuple.of(1, Arbitraries.integers().between(0, 2499).map(i -> i * 4)
                        .filter(y -> LocalDate.of(y, 1, 1).isLeapYear())
                        .flatMap(y -> Arbitraries.of(LocalDate.of(y, 2, 28), LocalDate.of(y, 2, 29),
                                LocalDate.of(y, 3, 1), LocalDate.of(y, 12, 31)))));
        Arbitrary<String> fraction = Arbitraries.integers().between(0, 9).flatMap(n -> n == 0 ? Arbitraries.just("")
                : Arbitraries.strings().numeric().ofLength(n).map(f -> "." + f));
        Arbitrary<String> zone = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("Z")),
                Tuple.of(1, Arbitraries.of("z", "+00:00", "-00:00", "+05:30", "-08:00", "+14:00",
                        "-12:00")));
        return Combinators.combine(date, Arbitraries.integers().between(0, 86_399), fraction, zone)
                .as((d, t, f, z) -> String.format("%sT%02d:%02d:%02d%s%s", d, t / 3600, t / 60 % 60, t % 60, f, z));
    }

    @Test
    void everyDayOfTheFourDigitYearsCountsAsLocalDateCountsIt() {
        for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
            if (EvidenceTime.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()) != d.toEpochDay()) {
                assertEquals(d.toEpochDay(), EvidenceTime.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()),
                        d.toString());
            }
        }
    }

    /** What {@link Instant#parse} answers, or null where it refuses the text. */
    private static Instant instantParseOrNull(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Near the audit form: every field sometimes out of range, odd fraction lengths, other separators. */
    @Provide
    Arbitrary<String> auditTimes() {
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11)
                .map(f -> f.isEmpty() ? "" : "." + f);
        Arbitrary<String> date = Combinators.combine(Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 32))
                .as((y, mo, d) -> String.format("%04d-%02d-%02d", y, mo, d));
        return Combinators.combine(date, Arbitraries.integers().between(0, 25), Arbitraries.integers().between(0, 61),
                Arbitraries.integers().between(0, 61), fraction, Arbitraries.of("T", "T", "T", "T", "t", " "),
                Arbitraries.of("Z", "Z", "Z", "Z", "z", "+00:00", ""))
                .as((d, h, mi, s, f, t, z) -> String.format("%s%s%02d:%02d:%02d%s%s", d, t, h, mi, s, f, z));
    }
}
