package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How an audit log file is laid out, judged from its first bytes (after decompression), not from its name. */
enum AuditFileLayout {
    /** One JSON object per line: archive blobs since Nov 2018, and Event Hub captures saved one per line. */
    JSON_LINES,
    /** A JSON document spanning lines: {@code {"records":[...]}}, a top-level array, pretty-printed objects. */
    JSON_DOCUMENT,
    /** A Log Analytics CSV export with a header row. */
    CSV,
    UNKNOWN;

    /** @param length how many bytes of {@code head} hold the file's start */
    static AuditFileLayout of(byte[] head, int length) {
        int i = 0;
        while (i < length && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i == length || head[i] == '{') {
            return i == length ? JSON_LINES : ofObject(head, i, length);
        }
        if (head[i] == '[') {
            return JSON_DOCUMENT;
        }
        return isCsvHeader(head, i, length) ? CSV : UNKNOWN;
    }

    /**
     * Line by line when the first object ends on its first line, because then a malformed line costs only
     * itself. A {@code records} object too long to see the end of is one big document and must be streamed.
     */
    private static AuditFileLayout ofObject(byte[] head, int from, int length) {
        String first = null;
        try (JsonParser p = Jackson.MAPPER.createParser(head, from, length - from)) {
            p.nextToken();
            JsonToken t = p.nextToken();
            if (t == JsonToken.FIELD_NAME) {
                first = p.currentName();
            }
            while (t == JsonToken.FIELD_NAME) {
                p.nextToken();
                p.skipChildren();
                t = p.nextToken();
            }
            return p.currentTokenLocation().getLineNr() == 1 ? JSON_LINES : JSON_DOCUMENT;
        } catch (JsonEOFException e) {
            return "records".equals(first) ? JSON_DOCUMENT : JSON_LINES;
        } catch (IOException e) {
            return JSON_LINES;
        }
    }

    private static boolean isCsvHeader(byte[] head, int from, int length) {
        int end = from;
        while (end < length && head[end] != '\n') {
            end++;
        }
        String line = new String(head, from, end - from, StandardCharsets.UTF_8);
        return line.indexOf(',') > 0 && line.contains("TimeGenerated") && line.contains("OperationName");
    }
}
