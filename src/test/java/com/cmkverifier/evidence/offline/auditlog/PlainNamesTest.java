package com.cmkverifier.evidence.offline.auditlog;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Field names found word by word answer exactly what comparing the whole name would: a name's slot, or
 * {@link PlainArchiveLine.Names#NONE} for any other bytes, at any offset of a word and at the buffer's end.
 */
class PlainNamesTest {

    /** The names the reader looks up in one table: the record's, the claims' (with the longest) and a few more. */
    private static final Map<String, Integer> NAMES = new HashMap<>();

    static {
        NAMES.putAll(ArchiveFields.RECORD_FIELDS);
        NAMES.putAll(ArchiveFields.CLAIM_FIELDS);
        NAMES.put(ArchiveFields.NESTED_CLAIM, 40);
        NAMES.put("properties", 41);
        NAMES.put("identity", 42);
    }

    private static final PlainArchiveLine.Names TABLE = new PlainArchiveLine.Names(NAMES);

    private static int expected(byte[] name) {
        return NAMES.getOrDefault(new String(name, StandardCharsets.ISO_8859_1), PlainArchiveLine.Names.NONE);
    }

    /** Every name, and every name with one byte changed, cut short or made longer, wherever it lies. */
    @Test
    void findsEachNameAndNothingOneByteAway() {
        int checked = 0;
        for (String known : NAMES.keySet()) {
            for (byte[] name : nearby(known.getBytes(StandardCharsets.US_ASCII))) {
                for (int from = 0; from < 9; from++) {
                    // Followed by its quote and more, and ending the buffer.
                    for (int after : new int[] {20, 0}) {
                        byte[] b = new byte[from + name.length + after];
                        Arrays.fill(b, (byte) '"');
                        System.arraycopy(name, 0, b, from, name.length);
                        assertEquals(expected(name), TABLE.slot(b, from, from + name.length),
                                new String(name, StandardCharsets.ISO_8859_1) + " at " + from + " of " + b.length);
                        checked++;
                    }
                }
            }
        }
        assertEquals(true, checked > 10_000, "checked " + checked);
    }

    private static List<byte[]> nearby(byte[] name) {
        List<byte[]> names = new ArrayList<>();
        names.add(name);
        names.add(Arrays.copyOf(name, name.length - 1));
        byte[] longer = Arrays.copyOf(name, name.length + 1);
        longer[name.length] = 'x';
        names.add(longer);
        for (int i = 0; i < name.length; i++) {
            for (int flip : new int[] {0x01, 0x20, 0x80}) {
                byte[] changed = name.clone();
                changed[i] ^= flip;
                names.add(changed);
            }
        }
        return names;
    }

    @Property(tries = 2000)
    void answersAnyBytesAsTheWholeNameWould(@ForAll("names") String text) {
        byte[] name = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = Arrays.copyOf(name, name.length + 1);
        b[name.length] = '"';
        assertEquals(expected(name), TABLE.slot(b, 0, name.length));
        assertEquals(expected(name), TABLE.slot(name, 0, name.length));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of(new ArrayList<>(NAMES.keySet())),
                Arbitraries.strings().withChars("timeopratinNsdUcuqIhp:/_").ofMaxLength(70),
                Arbitraries.of(new ArrayList<>(NAMES.keySet())).map(n -> n.substring(0, n.length() / 2)));
    }
}
