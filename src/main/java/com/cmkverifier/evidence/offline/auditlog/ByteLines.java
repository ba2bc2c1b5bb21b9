package com.cmkverifier.evidence.offline.auditlog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it, so that JSON Lines records go to the JSON parser as
 * bytes once. Lines longer than {@link #MAX_LINE} are reported as overlong and dropped, so a file without line
 * breaks cannot exhaust memory.
 */
final class ByteLines {

    static final int MAX_LINE = 16 * 1024 * 1024;

    /** Large enough that few lines straddle a refill (each such line is read twice, in part). */
    static final int BUFFER = 1 << 18;

    private final InputStream in;
    private byte[] buf;
    private int start;
    private int end;
    private int scanned;
    private boolean eof;
    private boolean overlong;
    private long number;
    private int lineStart;
    private int lineLength;

    /** @param buffer where lines are buffered, the reader's own from file to file; replaced when a line outgrows it */
    ByteLines(InputStream in, byte[] buffer) {
        this.in = in;
        this.buf = buffer;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        overlong = false;
        while (true) {
            // Locals, not fields, in the loop: the C1 compiler bin/cmkv uses reloads fields on every pass.
            byte[] b = buf;
            int e = end;
            for (int i = scanned; i < e; i++) {
                if (b[i] == '\n') {
                    emit(i, i + 1);
                    return true;
                }
            }
            scanned = e;
            if (eof) {
                if (start < end || overlong) {
                    emit(end, end);
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void emit(int lineEnd, int nextStart) {
        number++;
        lineStart = start;
        int e = lineEnd > start && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        lineLength = e - start;
        start = nextStart;
        scanned = nextStart;
    }

    private void fill() throws IOException {
        if (end - start >= MAX_LINE) {
            overlong = true;
            start = end;
            scanned = end;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE + 1));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /**
     * Makes sure bytes of the next line are buffered, from {@link #next()}'s start to {@link #buffered()}; false
     * at the end of the stream. For a reader that finds where the line ends itself ({@link #passLine}).
     */
    boolean hasBuffered() throws IOException {
        if (start == end && !eof) {
            fill();
        }
        return start < end;
    }

    /** The start of the next line in {@link #buffer()}. */
    int nextStart() {
        return start;
    }

    /** The end of the buffered bytes. */
    int buffered() {
        return end;
    }

    /** The next line, read by the caller, ends with the {@code \n} at {@code newline}: moves past it. */
    void passLine(int newline) {
        emit(newline, newline + 1);
    }

    /** 1-based number of the current line. */
    long number() {
        return number;
    }

    /** True when the current line exceeded {@link #MAX_LINE}; its content is then incomplete. */
    boolean overlong() {
        return overlong;
    }

    byte[] buffer() {
        return buf;
    }

    int offset() {
        return lineStart;
    }

    int length() {
        return lineLength;
    }

    boolean isBlank() {
        for (int i = lineStart; i < lineStart + lineLength; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
