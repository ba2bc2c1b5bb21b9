package com.cmkverifier.evidence.offline.auditlog;

import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.CLAIM;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.CLAIM_FIELDS;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.IDENTITY;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.NESTED_CLAIM;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.NOT_ARCHIVE;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.PROPERTIES;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.PROPERTIES_FIELDS;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.RECORD_FIELDS;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.RESOURCE_ID;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.TIME;

/**
 * Reads a plain archive line straight from its bytes, without a JSON parser: creating a parser per line and
 * decoding every field cost more than the rest of the reading. It accepts a strict subset of JSON, whose values
 * any JSON parser reads the same way: printable ASCII strings without escapes, integers of up to nine digits
 * where text is read, only space, tab and CR between tokens, nothing after the object, nesting at most
 * {@value #MAX_DEPTH} deep. It applies {@link ArchiveLineScanner}'s layout rules through {@link ArchiveFields}.
 * Anything else answers null and the line goes to {@link ArchiveLineScanner}, then to the tree, so every line is
 * counted and skipped exactly as before. Text fields but the time come from {@link Latin1Strings}, one string per
 * distinct value. Not thread-safe: one per reader thread.
 */
final class PlainArchiveLine {

    static final int MAX_DEPTH = 32;
    /** Longer numbers are rare enough to leave to the parser, which bounds them itself. */
    private static final int MAX_NUMBER = 64;
    private static final byte[] CLAIM_NAME = ascii("claim");
    /** JSON's literals as bytes: a string's charAt costs a bounds check per character under C1. */
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    /** What a name answers in {@link Names} when it makes the line the tree's: another shape, a nested claim. */
    private static final int TREE = -1;
    /** A record's names: its text fields by slot, its two objects, and the names of other shapes. */
    private static final Names RECORD = new Names(RECORD_FIELDS, Map.of("properties", PROPERTIES,
            "identity", IDENTITY), names(NOT_ARCHIVE, TREE));
    private static final Names IN_PROPERTIES = new Names(PROPERTIES_FIELDS, Map.of(NESTED_CLAIM, TREE));
    private static final Names IN_CLAIM = new Names(CLAIM_FIELDS, Map.of(NESTED_CLAIM, TREE));
    /** Status codes as text, made once: {@code Integer.toString} per record showed in the profile. */
    private static final String[] SMALL_INTEGERS = new String[1000];

    /** The bytes a plain string holds: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];
    /*
     * The same test on eight bytes at once, each byte's verdict in its high bit: the quote and the backslash (their
     * xor plus 0x7f stays below 0x80 only for them), below the space (plus 0x60 stays below 0x80), DEL (plus one
     * reaches 0x80). A byte from 0x80 overflows the quote's or the backslash's sum and is marked too. Exact for
     * the first byte a plain string cannot hold, so the lowest mark is that byte: only a sum from such a byte
     * carries into the next (checked for every byte value by PlainStringScanTest).
     */
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;
    private static final long ONES = 0x0101010101010101L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long FROM_SPACE = 0x6060606060606060L;
    /** Times a word's lowest byte bit (1 << 8k), its top byte is k. */
    private static final long BYTE_INDEX = 0x0001020304050607L;

    static {
        for (int c = 0x20; c <= 0x7e; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
        for (int i = 0; i < SMALL_INTEGERS.length; i++) {
            SMALL_INTEGERS[i] = Integer.toString(i);
        }
    }

    private final ArchiveFields f = new ArchiveFields();
    private final Latin1Strings strings = new Latin1Strings();
    private byte[] b;
    private int pos;
    private int end;
    /** Start and end of the name or string just read. */
    private int textFrom;
    private int textTo;
    /** The previous line's resource id, reused while lines repeat it (every line of a blob does). */
    private String resourceId;
    /** Its bytes, compared as bytes: a string's charAt costs a bounds check per character under C1. */
    private byte[] resourceIdBytes;

    /** @return the record as {@link ArchiveRecordMapper} maps it, or null when the line is not plain */
    RawRecord read(byte[] buffer, int offset, int length) {
        return object(buffer, offset, offset + length) && pos == end ? f.record() : null;
    }

    /**
     * Reads the line that starts at {@code from} without knowing where it ends: a plain record never holds a line
     * break, so when its object is followed by spaces and a {@code \n} before {@code limit}, that is the line's
     * end, and {@link #read} of the line would answer the same record. Spares a first pass over the bytes to find
     * the line's end.
     *
     * @return the record, its line ending at {@link #newline()}; null when the line is not plain or does not end
     *         before {@code limit}: then read it as a line
     */
    RawRecord readLine(byte[] buffer, int from, int limit) {
        return object(buffer, from, limit) && pos < end && b[pos] == '\n' ? f.record() : null;
    }

    /** Where the line {@link #readLine} answered for ends: the index of its {@code \n}. */
    int newline() {
        return pos;
    }

    /** A plain object from {@code from}, surrounded by spaces, leaving {@code pos} after them. */
    private boolean object(byte[] buffer, int from, int to) {
        b = buffer;
        pos = from;
        end = to;
        f.clear();
        space();
        if (!at('{') || !record()) {
            return false;
        }
        space();
        return true;
    }

    /** What {@link #members} reads after each name: a record's field, a text field, an identity's, any value. */
    private enum Member { RECORD, TEXT, IDENTITY, ANY }

    private boolean record() {
        return members(Member.RECORD, null, 0);
    }

    /** An object of text fields, the ones in {@code wanted} kept, the others skipped. */
    private boolean fields(Names wanted) {
        return members(Member.TEXT, wanted, 0);
    }

    private boolean identity() {
        if (at('"')) {
            if (!string()) {
                return false;
            }
            f.identityText = Claims.caller(TextNode.valueOf(latin1(textFrom, textTo)));
            return true;
        }
        if (!at('{')) {
            // null, a number or an array names no caller (Claims reads only objects and strings).
            return value(1);
        }
        return members(Member.IDENTITY, null, 0);
    }

    /**
     * The members of the object at {@code pos}: for each, its name is read (into {@link #textFrom} and
     * {@link #textTo}) and then its value as {@code kind} says; false as soon as anything is not plain. A switch
     * rather than a lambda per kind: the call stays monomorphic, which measurably matters on this path. The name,
     * its colon, the comma and the switch are written out here rather than in methods of their own: C1 calls
     * every method larger than 35 bytes, and each call per member showed.
     */
    private boolean members(Member kind, Names wanted, int depth) {
        pos++;
        space();
        if (at('}')) {
            pos++;
            return true;
        }
        // The line's bytes and end do not change while it is read; pos does, in the calls below.
        byte[] bytes = b;
        int e = end;
        while (true) {
            int from = pos + 1;
            if (from > e || bytes[from - 1] != '"') {
                return false;
            }
            int to = plainEnd(bytes, from, e);
            if (to == e || bytes[to] != '"') {
                return false;
            }
            textFrom = from;
            textTo = to;
            if (to + 1 < e && bytes[to + 1] == ':') {
                pos = to + 2;
            } else {
                pos = to + 1;
                space();
                if (!at(':')) {
                    return false;
                }
                pos++;
            }
            space();
            boolean read = switch (kind) {
                case RECORD -> {
                    int slot = RECORD.slot(b, textFrom, textTo);
                    yield switch (slot) {
                        case PROPERTIES -> f.first(PROPERTIES) && at('{') && fields(IN_PROPERTIES);
                        case IDENTITY -> f.first(IDENTITY) && identity();
                        case Names.NONE -> value(0);
                        case TREE -> false;
                        default -> text(slot);
                    };
                }
                case TEXT -> {
                    int slot = wanted.slot(b, textFrom, textTo);
                    yield slot >= 0 ? text(slot) : slot == Names.NONE && value(1);
                }
                case IDENTITY -> is(CLAIM_NAME) ? f.first(CLAIM) && at('{') && fields(IN_CLAIM)
                        // Claims directly under identity count when there is no "claim" object: the tree decides.
                        : IN_CLAIM.slot(b, textFrom, textTo) == Names.NONE && value(1);
                case ANY -> value(depth + 1);
            };
            if (!read) {
                return false;
            }
            space();
            if (at(',')) {
                pos++;
                space();
            } else if (at('}')) {
                pos++;
                return true;
            } else {
                return false;
            }
        }
    }

    /** Reads a value as {@link ArchiveLineScanner} does; false for a repeat or a value this class leaves. */
    private boolean text(int slot) {
        if (!f.first(slot) || pos >= end) {
            return false;
        }
        byte c = b[pos];
        if (slot == RESOURCE_ID && c == '"' && isLastResourceId()) {
            f.values[slot] = resourceId;
            return true;
        }
        if (c == '"') {
            // Every record's time differs, and the resource id has its own cache: the others are looked up.
            if (slot == TIME || slot == RESOURCE_ID) {
                if (!string()) {
                    return false;
                }
                f.values[slot] = textTo == textFrom ? null
                        : slot == RESOURCE_ID ? resourceId() : latin1(textFrom, textTo);
                return true;
            }
            int from = pos + 1;
            long scanned = hashedPlainEnd(b, from, end);
            int to = (int) scanned;
            if (to == end || b[to] != '"') {
                return false;
            }
            pos = to + 1;
            f.values[slot] = to == from ? null : strings.of(b, from, to, (int) (scanned >>> 32));
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer(slot);
        }
        if (c == '{' || c == '[' || c == 'n') {
            // A container's text is null, as is JSON null.
            return value(1);
        }
        return false;
    }

    /** An integer of at most nine digits, as text; anything longer, real or malformed is left to the parser. */
    private boolean integer(int slot) {
        int from = pos;
        boolean negative = b[pos] == '-';
        if (negative) {
            pos++;
        }
        int digitsFrom = pos;
        int v = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9' && pos - digitsFrom < 10) {
            v = v * 10 + (b[pos] - '0');
            pos++;
        }
        int digits = pos - digitsFrom;
        if (digits == 0 || digits > 9 || (digits > 1 && b[digitsFrom] == '0') || pos - from > MAX_NUMBER
                || (pos < end && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E'))) {
            return false;
        }
        f.values[slot] = !negative && v < SMALL_INTEGERS.length ? SMALL_INTEGERS[v] : Integer.toString(negative ? -v : v);
        return true;
    }

    /** Skips one value of the accepted subset. */
    private boolean value(int depth) {
        if (pos >= end || depth > MAX_DEPTH) {
            return false;
        }
        byte c = b[pos];
        return switch (c) {
            case '"' -> {
                int to = plainEnd(b, pos + 1, end);
                if (to == end || b[to] != '"') {
                    yield false;
                }
                pos = to + 1;
                yield true;
            }
            case '{' -> object(depth);
            case '[' -> array(depth);
            case 't' -> word(TRUE);
            case 'f' -> word(FALSE);
            case 'n' -> word(NULL);
            default -> number();
        };
    }

    private boolean object(int depth) {
        return members(Member.ANY, null, depth);
    }

    private boolean array(int depth) {
        pos++;
        space();
        if (at(']')) {
            pos++;
            return true;
        }
        while (true) {
            if (!value(depth + 1)) {
                return false;
            }
            space();
            if (at(']')) {
                pos++;
                return true;
            }
            if (!at(',')) {
                return false;
            }
            pos++;
            space();
        }
    }

    /** A JSON number of the grammar's own form, e.g. {@code -12.5e3}; no leading zeros. */
    private boolean number() {
        int from = pos;
        if (at('-')) {
            pos++;
        }
        int intFrom = pos;
        int intDigits = digits();
        if (intDigits == 0 || (intDigits > 1 && b[intFrom] == '0')) {
            return false;
        }
        if (at('.')) {
            pos++;
            if (digits() == 0) {
                return false;
            }
        }
        if (at('e') || at('E')) {
            pos++;
            if (at('+') || at('-')) {
                pos++;
            }
            if (digits() == 0) {
                return false;
            }
        }
        return pos - from <= MAX_NUMBER;
    }

    private int digits() {
        int from = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        return pos - from;
    }

    private boolean word(byte[] w) {
        int n = w.length;
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != w[i]) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** A string of printable ASCII without escapes; sets {@link #textFrom} and {@link #textTo}. */
    private boolean string() {
        int i = plainEnd(b, pos + 1, end);
        if (i == end || b[i] != '"') {
            // Escapes, control characters and UTF-8 are the parser's business.
            return false;
        }
        textFrom = pos + 1;
        textTo = i;
        pos = i + 1;
        return true;
    }

    /** Where the plain bytes from {@code from} end: at the first byte a plain string cannot hold, or {@code end}. */
    static int plainEnd(byte[] bytes, int from, int end) {
        // Locals only: C1 (bin/cmkv) reloads fields and statics on every pass. The word's test is written out:
        // C1 calls rather than inlines a method of its size.
        int i = from;
        while (i <= end - 8) {
            long w = (long) Latin1Strings.WORDS.get(bytes, i);
            long special = ((w + ONES) | ~(((w ^ QUOTES) + LOWS) & ((w ^ BACKSLASHES) + LOWS) & (w + FROM_SPACE)))
                    & HIGHS;
            if (special != 0) {
                return i + (int) ((((special & -special) >>> 7) * BYTE_INDEX) >>> 56);
            }
            i += 8;
        }
        boolean[] plain = PLAIN;
        while (i < end && plain[bytes[i] & 0xff]) {
            i++;
        }
        return i;
    }

    /**
     * As {@link #plainEnd}, and the {@link Latin1Strings#hash} of the plain bytes, hashed word by word as they
     * are scanned.
     *
     * @return the hash in the high half, where the plain bytes end in the low half
     */
    static long hashedPlainEnd(byte[] bytes, int from, int end) {
        int i = from;
        long h = 0;
        while (i <= end - 8) {
            long w = (long) Latin1Strings.WORDS.get(bytes, i);
            long special = ((w + ONES) | ~(((w ^ QUOTES) + LOWS) & ((w ^ BACKSLASHES) + LOWS) & (w + FROM_SPACE)))
                    & HIGHS;
            if (special != 0) {
                long first = (special & -special) >>> 7;
                i += (int) ((first * BYTE_INDEX) >>> 56);
                return hashed((i - from & 7) == 0 ? h : Latin1Strings.mix(h, w & (first - 1)), i);
            }
            h = Latin1Strings.mix(h, w);
            i += 8;
        }
        boolean[] plain = PLAIN;
        long tail = 0;
        for (int shift = 0; i < end && plain[bytes[i] & 0xff]; i++, shift += 8) {
            tail |= (bytes[i] & 0xffL) << shift;
        }
        return hashed((i - from & 7) == 0 ? h : Latin1Strings.mix(h, tail), i);
    }

    private static long hashed(long h, int plainEnd) {
        return (long) Latin1Strings.finish(h) << 32 | plainEnd;
    }

    /** Skips spaces, tabs and CRs: small enough for C1 to inline, the call made only when one is there. */
    private void space() {
        if (pos < end && b[pos] <= ' ') {
            spaces();
        }
    }

    private void spaces() {
        byte[] bytes = b;
        int e = end;
        int i = pos;
        while (i < e && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r')) {
            i++;
        }
        pos = i;
    }

    private boolean at(char c) {
        return pos < end && b[pos] == c;
    }

    private boolean is(byte[] name) {
        return Arrays.equals(b, textFrom, textTo, name, 0, name.length);
    }

    /**
     * Whether the string at {@code pos} is the previous line's resource id, compared as a block rather than
     * scanned byte by byte: those bytes were found plain when first read, so followed by the quote they are the
     * same string. Every line of a blob repeats its 130-byte resource id. Moves past it when so.
     */
    private boolean isLastResourceId() {
        byte[] last = resourceIdBytes;
        if (last == null) {
            return false;
        }
        int from = pos + 1;
        int to = from + last.length;
        if (to >= end || b[to] != '"' || !Arrays.equals(b, from, to, last, 0, last.length)) {
            return false;
        }
        textFrom = from;
        textTo = to;
        pos = to + 1;
        return true;
    }

    private String resourceId() {
        if (resourceId == null || !Arrays.equals(b, textFrom, textTo, resourceIdBytes, 0, resourceIdBytes.length)) {
            resourceIdBytes = Arrays.copyOfRange(b, textFrom, textTo);
            resourceId = latin1(textFrom, textTo);
        }
        return resourceId;
    }

    private String latin1(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, Integer> names(Iterable<String> names, int slot) {
        Map<String, Integer> bySlot = new HashMap<>();
        names.forEach(n -> bySlot.put(n, slot));
        return bySlot;
    }

    /**
     * Field names to slots, compared as bytes so that no name becomes a string, a word at a time: a name's first
     * eight bytes and its length find its entry in a small open-addressed table, and the rest of it is compared as
     * words. Most names a record holds are not read, and end at the first empty entry.
     */
    static final class Names {

        static final int NONE = -2;
        /** At most a quarter full: an absent name mostly meets an empty entry at once. */
        private static final int SIZE = 64;
        private static final long MIX = 0x9e3779b97f4a7c15L;

        /** By entry: the name's length (0 when the entry is empty), its first word, its other words, its slot. */
        private final int[] lengths = new int[SIZE];
        private final long[] firsts = new long[SIZE];
        private final long[][] rests = new long[SIZE][];
        private final int[] slots = new int[SIZE];

        @SafeVarargs
        Names(Map<String, Integer>... bySlot) {
            for (Map<String, Integer> m : bySlot) {
                m.forEach((name, slot) -> add(ascii(name), slot));
            }
        }

        private void add(byte[] name, int slot) {
            int length = name.length;
            long first = first(name, 0, length);
            int i = index(first, length);
            while (lengths[i] != 0) {
                i = (i + 1) & (SIZE - 1);
            }
            lengths[i] = length;
            firsts[i] = first;
            // The words after the first, the last one ending with the name (so it may overlap the one before).
            long[] rest = new long[Math.max(0, (length - 1) / 8)];
            for (int k = 0, at = 8; k < rest.length; k++, at += 8) {
                rest[k] = (long) Latin1Strings.WORDS.get(name, Math.min(at, length - 8));
            }
            rests[i] = rest;
            slots[i] = slot;
            if (Arrays.stream(lengths).filter(n -> n != 0).count() * 4 > SIZE) {
                throw new IllegalArgumentException("too many names for " + SIZE + " entries");
            }
        }

        private static int index(long first, int length) {
            return (int) (((first ^ length) * MIX) >>> 58);
        }

        /** The name's first eight bytes, or all of a shorter one, as a little-endian word. */
        private static long first(byte[] b, int from, int to) {
            int length = to - from;
            if (from + 8 <= b.length) {
                // The bytes after a shorter name are in the buffer (its quote at least) but not in the word.
                return (long) Latin1Strings.WORDS.get(b, from) & (length < 8 ? (1L << (length << 3)) - 1 : -1L);
            }
            long w = 0;
            for (int i = from, shift = 0; i < to; i++, shift += 8) {
                w |= (b[i] & 0xffL) << shift;
            }
            return w;
        }

        /** The name's slot; {@link #NONE} when it is not among these names. */
        int slot(byte[] b, int from, int to) {
            int length = to - from;
            // As first(), written out for the common case: C1 would call it.
            long first = from + 8 <= b.length
                    ? (long) Latin1Strings.WORDS.get(b, from) & (length < 8 ? (1L << (length << 3)) - 1 : -1L)
                    : first(b, from, to);
            int[] known = lengths;
            int i = index(first, length);
            for (int n; (n = known[i]) != 0; i = (i + 1) & (SIZE - 1)) {
                if (n == length && firsts[i] == first && (n <= 8 || sameRest(b, from, to, rests[i]))) {
                    return slots[i];
                }
            }
            return NONE;
        }

        private static boolean sameRest(byte[] b, int from, int to, long[] rest) {
            for (int k = 0, at = from + 8; k < rest.length; k++, at += 8) {
                if ((long) Latin1Strings.WORDS.get(b, Math.min(at, to - 8)) != rest[k]) {
                    return false;
                }
            }
            return true;
        }
    }
}
