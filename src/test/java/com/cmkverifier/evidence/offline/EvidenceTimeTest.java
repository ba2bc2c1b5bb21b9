package com.cmkverifier.evidence.offline;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EvidenceTimeTest {

    @Property(tries = 2000)
    void theAuditTimeFormIsReadAsInstantParseReadsIt(@ForAll("auditTimes") String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
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

    @Test
    void everyDayOfTheFourDigitYearsCountsAsLocalDateCountsIt() {
        for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
            if (EvidenceTime.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()) != d.toEpochDay()) {
                assertEquals(d.toEpochDay(), EvidenceTime.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()),
                        d.toString());
            }
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
