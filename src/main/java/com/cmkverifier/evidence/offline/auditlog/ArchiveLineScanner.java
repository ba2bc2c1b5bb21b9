package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Reads what {@link ArchiveRecordMapper} reads from one JSON Lines archive record straight off the parser's
 * tokens, skipping every other field unbuilt: archive blobs are the bulk of offline input, and a tree per line
 * costs more than the rest of the reading together. It only answers for the plain archive layout; anything
 * else (another row shape, a {@code records} container, a repeated field, a number or boolean where text is
 * read, a non-object {@code properties} or {@code claim}, claims outside {@code identity.claim}) answers null and
 * the line is mapped from its tree, so both ways give the same record. Not thread-safe: one per reader.
 */
final class ArchiveLineScanner {

    private static final int TIME = 0;
    private static final int OPERATION = 1;
    private static final int STATUS = 2;
    private static final int SIGNATURE = 3;
    private static final int DESCRIPTION = 4;
    private static final int RESOURCE_ID = 5;
    private static final int ID = 6;
    private static final int REQUEST_URI = 7;
    private static final int PROPERTIES_STATUS = 8;
    private static final int PROPERTIES_ID = 9;
    private static final int PROPERTIES_REQUEST_URI = 10;
    private static final int OID = 11;
    private static final int LONG_OID = 12;
    private static final int APP_ID = 13;
    private static final int MANAGED_IDENTITY = 14;
    private static final int PROPERTIES = 15;
    private static final int IDENTITY = 16;
    private static final int CLAIM = 17;
    private static final int SLOTS = 18;

    private static final Map<String, Integer> RECORD_FIELDS = Map.of("time", TIME, "operationName", OPERATION,
            "httpStatusCode", STATUS, "resultSignature", SIGNATURE, "resultDescription", DESCRIPTION,
            "resourceId", RESOURCE_ID, "id", ID, "requestUri", REQUEST_URI);
    private static final Map<String, Integer> PROPERTIES_FIELDS = Map.of("httpStatusCode", PROPERTIES_STATUS,
            "id", PROPERTIES_ID, "requestUri", PROPERTIES_REQUEST_URI);
    private static final Map<String, Integer> CLAIM_FIELDS = Map.of("oid", OID, Claims.OBJECT_ID_URI, LONG_OID,
            "appid", APP_ID, "xms_mirid", MANAGED_IDENTITY);
    /** Fields that make the record another shape ({@link RowShape}) or a container: the tree decides. */
    private static final Set<String> NOT_ARCHIVE = Set.of("records", "TimeGenerated", "OperationName");
    /** The Managed HSM sample's nested object-id claim, read by {@link Claims} from the tree. */
    private static final String NESTED_CLAIM = "http_schemas_microsoft_com_identity";

    private final String[] values = new String[SLOTS];
    private final boolean[] seen = new boolean[SLOTS];
    /** Set when {@code identity} is a JSON string, which {@link Claims} parses itself. */
    private Caller identityText;

    /**
     * @return the record as {@link ArchiveRecordMapper} maps it, or null when the line must be read as a tree
     * @throws IOException when the line is not valid JSON up to the end of its first value
     */
    RawRecord scan(byte[] buffer, int offset, int length) throws IOException {
        Arrays.fill(values, null);
        Arrays.fill(seen, false);
        identityText = null;
        try (JsonParser p = Jackson.MAPPER.createParser(buffer, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !record(p)) {
                return null;
            }
        }
        String oid = values[OID] != null ? values[OID] : values[LONG_OID];
        Caller caller = identityText != null ? identityText
                : new Caller(oid, values[APP_ID], values[MANAGED_IDENTITY]);
        return new RawRecord(values[TIME], values[OPERATION], either(PROPERTIES_STATUS, STATUS), values[SIGNATURE],
                values[DESCRIPTION], values[RESOURCE_ID], either(PROPERTIES_ID, ID),
                either(PROPERTIES_REQUEST_URI, REQUEST_URI), caller);
    }

    private String either(int inProperties, int atTop) {
        return values[inProperties] != null ? values[inProperties] : values[atTop];
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
                plain = first(PROPERTIES) && value == JsonToken.START_OBJECT && fields(p, PROPERTIES_FIELDS);
            } else if (name.equals("identity")) {
                plain = first(IDENTITY) && identity(p, value);
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
            identityText = Claims.caller(TextNode.valueOf(p.getText()));
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
                if (!first(CLAIM) || v != JsonToken.START_OBJECT || !fields(p, CLAIM_FIELDS)) {
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
        if (!first(slot)) {
            return false;
        }
        switch (p.currentToken()) {
            case VALUE_STRING -> {
                String s = p.getText();
                values[slot] = s.isEmpty() ? null : s;
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() != JsonParser.NumberType.INT) {
                    return false;
                }
                values[slot] = Integer.toString(p.getIntValue());
            }
            case VALUE_NULL -> values[slot] = null;
            case START_OBJECT, START_ARRAY -> p.skipChildren();
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean first(int slot) {
        if (seen[slot]) {
            return false;
        }
        seen[slot] = true;
        return true;
    }
}
