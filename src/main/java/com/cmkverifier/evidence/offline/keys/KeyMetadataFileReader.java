package com.cmkverifier.evidence.offline.keys;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.evidence.offline.EvidenceInput;
import com.cmkverifier.evidence.offline.LenientJson;
import com.cmkverifier.evidence.offline.MalformedRecordException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads one key metadata file: key bundles, REST version-list pages ({@code {"value":[...],"nextLink"}}) and
 * {@code az} arrays, one object at a time. Malformed objects are skipped with their line, never thrown.
 */
final class KeyMetadataFileReader {

    private final Path file;
    private final Map<KeyId, KeyEvidence> keys;
    private final InputTally tally;
    private long line;

    KeyMetadataFileReader(Path file, Map<KeyId, KeyEvidence> keys, InputTally tally) {
        this.file = file;
        this.keys = keys;
        this.tally = tally;
    }

    void read() {
        tally.file();
        try (BufferedInputStream in = EvidenceInput.open(file); JsonParser p = Jackson.MAPPER.createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                line = p.currentTokenLocation().getLineNr();
                if (t == JsonToken.START_ARRAY) {
                    array(p);
                } else {
                    object(Jackson.MAPPER.readTree(p));
                }
            }
        } catch (JsonProcessingException e) {
            skip("not valid JSON (" + e.getOriginalMessage() + "); the rest of the file is ignored");
        } catch (IOException | UncheckedIOException e) {
            skip("could not be read completely: " + e.getMessage());
        }
    }

    /**
     * {@code az keyvault key list-versions} prints the whole listing as one array, so a fully read array of
     * list entries is a complete version list for their key; a truncated one is not.
     */
    private void array(JsonParser p) throws IOException {
        Set<KeyId> listed = new HashSet<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new EOFException("unexpected end of file inside a JSON array");
            }
            line = p.currentTokenLocation().getLineNr();
            JsonNode n = Jackson.MAPPER.readTree(p);
            KeyVersionMapper.Described d = object(n);
            if (d != null && !d.deleted() && !n.has("key")) {
                listed.add(d.key());
            }
        }
        listed.forEach(k -> keys.get(k).markVersionListComplete());
    }

    /**
     * A REST version-list page marks the list complete only when it is the last page (no {@code nextLink}).
     * Earlier pages are expected in other files; a missing middle page cannot be told from the pages alone.
     */
    private KeyVersionMapper.Described object(JsonNode n) {
        JsonNode value = n.get("value");
        if (value == null || !value.isArray()) {
            return describe(n);
        }
        Set<KeyId> listed = new HashSet<>();
        for (JsonNode entry : value) {
            KeyVersionMapper.Described d = describe(entry);
            if (d != null && !d.deleted()) {
                listed.add(d.key());
            }
        }
        if (LenientJson.text(n.get("nextLink")) == null) {
            listed.forEach(k -> keys.get(k).markVersionListComplete());
        }
        return null;
    }

    private KeyVersionMapper.Described describe(JsonNode n) {
        try {
            KeyVersionMapper.Described d = KeyVersionMapper.map(n);
            if (d != null) {
                tally.record();
                keys.computeIfAbsent(d.key(), k -> new KeyEvidence()).add(d);
            }
            return d;
        } catch (MalformedRecordException e) {
            skip(e.getMessage());
            return null;
        }
    }

    private void skip(String reason) {
        tally.skip(file.toString(), line, reason);
    }
}
