package com.cmkverifier.evidence.offline;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The time formats evidence files carry. */
final class EvidenceTime {

    private EvidenceTime() {
    }

    /**
     * ISO-8601 with up to 9 fractional digits (audit records have 7); an offset instead of {@code Z}
     * ({@code az} prints {@code +00:00}); Log Analytics' zone-less UTC; epoch seconds (Key Vault REST).
     *
     * @throws MalformedRecordException naming the text when it is none of these
     */
    static Instant parse(String text) {
        String s = text.trim();
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

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
