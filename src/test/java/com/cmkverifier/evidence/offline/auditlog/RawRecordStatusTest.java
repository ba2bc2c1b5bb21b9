package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.evidence.offline.MalformedRecordException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The digits-only fast path of {@link RawRecord#status} answers what the general parse answers. */
class RawRecordStatusTest {

    /** Digits, the characters around them in ASCII, and what the general parse also accepts or trims. */
    private static final String ALPHABET = "0189/:+-. \tx\u00e9";

    @Test
    void everyShortTextOfDigitsAndTheirNeighboursReadsAsTheGeneralParseReadsIt() {
        int fast = 0;
        StringBuilder text = new StringBuilder();
        for (int length = 0; length <= 4; length++) {
            int[] at = new int[length];
            while (true) {
                text.setLength(0);
                for (int i : at) {
                    text.append(ALPHABET.charAt(i));
                }
                String s = text.toString();
                assertEquals(general(s), answer(s), s);
                fast += RawRecord.plainStatus(s) >= 0 ? 1 : 0;
                int i = length - 1;
                while (i >= 0 && ++at[i] == ALPHABET.length()) {
                    at[i--] = 0;
                }
                if (i < 0) {
                    break;
                }
            }
        }
        assertEquals(4 + 16 + 64, fast, "texts of one to three of the digits 0, 1, 8, 9 take the fast path");
    }

    private static String answer(String s) {
        try {
            return Integer.toString(RawRecord.status(s));
        } catch (MalformedRecordException e) {
            return "refused";
        }
    }

    /** The parse before the fast path. */
    private static String general(String text) {
        String s = text.trim();
        try {
            return Integer.toString(s.indexOf('.') < 0 ? Integer.parseInt(s) : (int) Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return "refused";
        }
    }
}
