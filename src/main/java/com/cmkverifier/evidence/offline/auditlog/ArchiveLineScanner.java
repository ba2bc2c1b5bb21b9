package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.Map;

import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.CLAIM;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.CLAIM_FIELDS;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.IDENTITY;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.NESTED_CLAIM;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.NOT_ARCHIVE;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.PROPERTIES;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.PROPERTIES_FIELDS;
import static com.cmkverifier.evidence.offline.auditlog.ArchiveFields.RECORD_FIELDS;

/**
 * Reads what {@link ArchiveRecordMapper} reads from one JSON Lines archive record straight off the parser's
 * tokens, skipping every other field unbuilt: archive blobs are the bulk of offline input, and a tree per line
 * costs more than the rest of the reading together. It only answers for the plain archive layout; anything
 * else (another row shape, a {@code records} container, a repeated field, a number or boolean where text is
 * read, a non-object {@code properties} or {@code claim}, claims outside {@code identity.claim}) answers null and
 * the line is mapped from its tree, so both ways give the same record. Not thread-safe: one per reader.
 */
final class ArchiveLineScanner {

    private final ArchiveFields f = new ArchiveFields();

    /**
     * @return the record as {@link ArchiveRecordMapper} maps it, or null when the line must be read as a tree
     * @throws IOException when the line is not valid JSON up to the end of its first value
     */
    RawRecord scan(byte[] buffer, int offset, int length) throws IOException {
        f.clear();
        try (JsonParser p = Jackson.MAPPER.createParser(buffer, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !record(p)) {
                return null;
            }
        }
        return f.record();
    }

    private boolean record(JsonParser p) throws IOException {
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            Integer slot = RECORD_FIELDS.get(name);
            boolean plain;
            if (slot != null) {
                plain = text(p, slot);
            } else if (name.equals("properties")) {
                plain = f.first(PROPERTIES) && value == JsonToken.START_OBJECT && fields(p, PROPERTIES_FIELDS);
            } else if (name.equals("identity")) {
                plain = f.first(IDENTITY) && identity(p, value);
            } else {
                plain = !NOT_ARCHIVE.contains(name);
                p.skipChildren();
            }
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /** An object of text fields, the ones in {@code wanted} kept, the others skipped. */
    private boolean fields(JsonParser p, Map<String, Integer> wanted) throws IOException {
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            Integer slot = wanted.get(name);
            if (slot != null ? !text(p, slot) : name.equals(NESTED_CLAIM)) {
                return false;
            }
            p.skipChildren();
        }
        return true;
    }

    private boolean identity(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            f.identityText = Claims.caller(TextNode.valueOf(p.getText()));
            return true;
        }
        if (value != JsonToken.START_OBJECT) {
            // null, a number or an array names no caller (Claims reads only objects and strings).
            p.skipChildren();
            return true;
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("claim")) {
                if (!f.first(CLAIM) || v != JsonToken.START_OBJECT || !fields(p, CLAIM_FIELDS)) {
                    return false;
                }
            } else if (CLAIM_FIELDS.containsKey(name) || name.equals(NESTED_CLAIM)) {
                // Claims directly under identity count when there is no "claim" object: the tree decides.
                return false;
            } else {
                p.skipChildren();
            }
        }
        return true;
    }

    /** Reads a value as {@link LenientJson#text} does; false for a repeat or a value whose text the tree renders. */
    private boolean text(JsonParser p, int slot) throws IOException {
        if (!f.first(slot)) {
            return false;
        }
        switch (p.currentToken()) {
            case VALUE_STRING -> {
                String s = p.getText();
                f.values[slot] = s.isEmpty() ? null : s;
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() != JsonParser.NumberType.INT) {
                    return false;
                }
                f.values[slot] = Integer.toString(p.getIntValue());
            }
            case VALUE_NULL -> f.values[slot] = null;
            case START_OBJECT, START_ARRAY -> p.skipChildren();
            default -> {
                return false;
            }
        }
        return true;
    }
}
