package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.json.Jackson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The word-at-a-time scan of plain strings stops exactly where a byte-by-byte scan would, whatever the byte, its
 * place in a word and the string's place in the buffer, and hashes what it passed as {@link Latin1Strings#hash}.
 */
class PlainStringScanTest {

    /** Plain bytes, among them the neighbours of every byte a plain string cannot hold. */
    private static final byte[] PLAIN = " !#[]~09AZaz-/.:".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LENGTH = 40;

    private static boolean plain(int c) {
        return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
    }

    /**
     * Every byte value at every place of strings of up to {@value #MAX_LENGTH} bytes, starting at each offset of a
     * word, with the scan's end either the buffer's end or short of it (bytes after it never count).
     */
    @Test
    void stopsAtTheFirstBytePlainStringsCannotHoldAndHashesTheBytesBefore() {
        int checked = 0;
        for (int length = 0; length <= MAX_LENGTH; length++) {
            for (int from = 0; from < 8; from++) {
                for (int at = 0; at <= length; at++) {
                    for (int value = 0; value < 256; value++) {
                        byte[] b = new byte[from + length + 1];
                        Arrays.fill(b, (byte) '"');
                        for (int i = 0; i < length; i++) {
                            b[from + i] = PLAIN[(i + length) % PLAIN.length];
                        }
                        b[from + at] = (byte) value;
                        int expected = at < length && plain(value) ? from + length : from + at;
                        if (at == length && plain(value)) {
                            // The string runs to the buffer's end.
                            expected = b.length;
                        }
                        assertScan(b, from, b.length, expected);
                        // The same bytes with the end set before them: the scan stops there.
                        assertScan(b, from, Math.min(from + at, b.length), Math.min(expected, from + at));
                        checked++;
                    }
                }
            }
        }
        assertEquals(41 * 42 / 2 * 8 * 256, checked);
    }

    private static void assertScan(byte[] b, int from, int end, int expected) {
        String where = "from " + from + " to " + end + " in " + Arrays.toString(b);
        assertEquals(expected, PlainArchiveLine.plainEnd(b, from, end), where);
        long hashed = PlainArchiveLine.hashedPlainEnd(b, from, end);
        assertEquals(expected, (int) hashed, where);
        assertEquals(Latin1Strings.hash(b, from, expected), (int) (hashed >>> 32), where);
    }

    /**
     * A line whose operation name holds any byte at any place: the reader answers exactly when the name is plain,
     * and then the record the tree reads; a line cut inside the name is no record.
     */
    @Test
    void readsALineWhoseTextHoldsAnyByteOnlyWhenThePlainTreeReadsTheSame() throws IOException {
        PlainArchiveLine reader = new PlainArchiveLine();
        for (int length = 1; length <= 20; length++) {
            for (int at = 0; at < length; at++) {
                for (int value = 0; value < 256; value++) {
                    byte[] name = new byte[length];
                    for (int i = 0; i < length; i++) {
                        name[i] = PLAIN[(i + at) % PLAIN.length];
                    }
                    name[at] = (byte) value;
                    byte[] line = line(name);
                    RawRecord read = reader.read(line, 0, line.length);
                    if (plain(value)) {
                        assertNotNull(read, new String(line, StandardCharsets.ISO_8859_1));
                        assertEquals(RowShape.mapJson(Jackson.MAPPER.readTree(line)), read);
                    } else {
                        assertNull(read, new String(line, StandardCharsets.ISO_8859_1));
                    }
                    int nameAt = line.length - length - 2;
                    assertNull(reader.readLine(line, 0, nameAt + at), "cut at " + at);
                }
            }
        }
    }

    /** The hash taken while scanning does not depend on where the text lies: the same text is the same string. */
    @Test
    void aTextReadAtEveryOffsetOfAWordIsTheSameString() {
        PlainArchiveLine reader = new PlainArchiveLine();
        for (int length = 1; length <= MAX_LENGTH; length++) {
            byte[] name = new byte[length];
            for (int i = 0; i < length; i++) {
                name[i] = PLAIN[(i * 7 + length) % PLAIN.length];
            }
            String first = null;
            for (int spaces = 0; spaces < 16; spaces++) {
                byte[] line = line(name);
                byte[] shifted = new byte[spaces + line.length];
                Arrays.fill(shifted, 0, spaces, (byte) ' ');
                System.arraycopy(line, 0, shifted, spaces, line.length);
                String operation = reader.read(shifted, 0, shifted.length).operation();
                if (first == null) {
                    first = operation;
                }
                assertSame(first, operation, "at offset " + spaces);
            }
        }
    }

    private static byte[] line(byte[] operationName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"time\":\"2024-05-14T10:00:00.1234567Z\",\"properties\":{\"httpStatusCode\":200},"
                + "\"operationName\":\"").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(operationName);
        out.writeBytes("\"}\n".getBytes(StandardCharsets.US_ASCII));
        byte[] line = out.toByteArray();
        // read() takes the line without its line break.
        return Arrays.copyOf(line, line.length - 1);
    }
}
