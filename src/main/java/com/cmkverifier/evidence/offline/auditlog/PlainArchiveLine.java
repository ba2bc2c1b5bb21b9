package com.cmkverifier.evidence.offline.auditlog;

import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.CLAIM;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.CLAIM_FIELDS;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.IDENTITY;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.NESTED_CLAIM;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.NOT_ARCHIVE;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.PROPERTIES;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.PROPERTIES_FIELDS;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.RECORD_FIELDS;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.RESOURCE_ID;

/**
 * Reads a plain archive line straight from its bytes, without a JSON parser: creating a parser per line and
 * decoding every field cost more than the rest of the reading. It accepts a strict subset of JSON, whose values
 * any JSON parser reads the same way: printable ASCII strings without escapes, integers of up to nine digits
 * where text is read, only space, tab and CR between tokens, nothing after the object, nesting at most
 * {@value #MAX_DEPTH} deep. It applies {@link ArchiveLineScanner}'s layout rules through {@link ArchiveFields}.
 * Anything else answers null and the line goes to {@link ArchiveLineScanner}, then to the tree, so every line is
 * counted and skipped exactly as before. Not thread-safe: one per reader.
 */
final class PlainArchiveLine {

    static final int MAX_DEPTH = 32;
    /** Longer numbers are rare enough to leave to the parser, which bounds them itself. */
    private static final int MAX_NUMBER = 64;
    private static final byte[] PROPERTIES_NAME = ascii("properties");
    private static final byte[] IDENTITY_NAME = ascii("identity");
    private static final byte[] CLAIM_NAME = ascii("claim");
    private static final byte[] NESTED_CLAIM_NAME = ascii(NESTED_CLAIM);
    private static final Names RECORD = new Names(RECORD_FIELDS);
    private static final Names IN_PROPERTIES = new Names(PROPERTIES_FIELDS);
    private static final Names IN_CLAIM = new Names(CLAIM_FIELDS);
    private static final Names OTHER_SHAPES = new Names(NOT_ARCHIVE.stream()
            .collect(Collectors.toMap(n -> n, n -> -1)));

    /** The bytes a plain string holds: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c <= 0x7e; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private final ArchiveFields f = new ArchiveFields();
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
        b = buffer;
        pos = offset;
        end = offset + length;
        f.clear();
        space();
        if (!at('{') || !record()) {
            return null;
        }
        space();
        return pos == end ? f.record() : null;
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
     * rather than a lambda per kind: the call stays monomorphic, which measurably matters on this path.
     */
    private boolean members(Member kind, Names wanted, int depth) {
        pos++;
        space();
        if (at('}')) {
            pos++;
            return true;
        }
        while (true) {
            if (!name() || !member(kind, wanted, depth) || !nextMember()) {
                return false;
            }
            if (at('}')) {
                pos++;
                return true;
            }
        }
    }

    private boolean member(Member kind, Names wanted, int depth) {
        return switch (kind) {
            case RECORD -> recordMember();
            case TEXT -> {
                int slot = wanted.slot(b, textFrom, textTo);
                yield slot >= 0 ? text(slot) : !is(NESTED_CLAIM_NAME) && value(1);
            }
            case IDENTITY -> is(CLAIM_NAME) ? f.first(CLAIM) && at('{') && fields(IN_CLAIM)
                    // Claims directly under identity count when there is no "claim" object: the tree decides.
                    : IN_CLAIM.slot(b, textFrom, textTo) == Names.NONE && !is(NESTED_CLAIM_NAME) && value(1);
            case ANY -> value(depth + 1);
        };
    }

    private boolean recordMember() {
        int slot = RECORD.slot(b, textFrom, textTo);
        if (slot >= 0) {
            return text(slot);
        }
        if (is(PROPERTIES_NAME)) {
            return f.first(PROPERTIES) && at('{') && fields(IN_PROPERTIES);
        }
        if (is(IDENTITY_NAME)) {
            return f.first(IDENTITY) && identity();
        }
        return OTHER_SHAPES.slot(b, textFrom, textTo) == Names.NONE && value(0);
    }

    /** Reads a value as {@link ArchiveLineScanner} does; false for a repeat or a value this class leaves. */
    private boolean text(int slot) {
        if (!f.first(slot) || pos >= end) {
            return false;
        }
        byte c = b[pos];
        if (c == '"') {
            if (!string()) {
                return false;
            }
            f.values[slot] = textTo == textFrom ? null : slot == RESOURCE_ID ? resourceId() : latin1(textFrom, textTo);
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
        f.values[slot] = Integer.toString(negative ? -v : v);
        return true;
    }

    /** Skips one value of the accepted subset. */
    private boolean value(int depth) {
        if (pos >= end || depth > MAX_DEPTH) {
            return false;
        }
        byte c = b[pos];
        return switch (c) {
            case '"' -> string();
            case '{' -> object(depth);
            case '[' -> array(depth);
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
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

    private boolean word(String w) {
        if (end - pos < w.length()) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if (b[pos + i] != w.charAt(i)) {
                return false;
            }
        }
        pos += w.length();
        return true;
    }

    /** A field name and its colon, leaving {@code pos} at the value. */
    private boolean name() {
        if (!at('"') || !string()) {
            return false;
        }
        space();
        if (!at(':')) {
            return false;
        }
        pos++;
        space();
        return true;
    }

    /** After a member: a comma and the next name's quote, or the closing brace. */
    private boolean nextMember() {
        space();
        if (at(',')) {
            pos++;
            space();
            return at('"');
        }
        return at('}');
    }

    /** A string of printable ASCII without escapes; sets {@link #textFrom} and {@link #textTo}. */
    private boolean string() {
        // Locals in the loop: C1 (bin/cmkv) reloads fields and statics on every pass.
        byte[] bytes = b;
        boolean[] plain = PLAIN;
        int e = end;
        int i = pos + 1;
        while (i < e && plain[bytes[i] & 0xff]) {
            i++;
        }
        if (i == e || bytes[i] != '"') {
            // Escapes, control characters and UTF-8 are the parser's business.
            return false;
        }
        textFrom = pos + 1;
        textTo = i;
        pos = i + 1;
        return true;
    }

    private void space() {
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

    /** Field names to slots, compared as bytes so that no name becomes a string. */
    private static final class Names {

        static final int NONE = -2;

        private final byte[][] names;
        private final int[] slots;

        Names(Map<String, Integer> bySlot) {
            names = bySlot.keySet().stream().map(PlainArchiveLine::ascii).toArray(byte[][]::new);
            slots = bySlot.keySet().stream().mapToInt(bySlot::get).toArray();
        }

        /** The name's slot; {@link #NONE} when it is not among these names. */
        int slot(byte[] b, int from, int to) {
            int length = to - from;
            for (int i = 0; i < names.length; i++) {
                byte[] n = names[i];
                if (n.length == length && Arrays.equals(b, from, to, n, 0, length)) {
                    return slots[i];
                }
            }
            return NONE;
        }
    }
}
