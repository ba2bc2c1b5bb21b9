package com.cmkverifier.evidence.offline.auditlog;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/** A stream of {@code count} lines made one at a time, never held together; counts the bytes it handed out. */
final class GeneratedLines extends InputStream {

    private final long count;
    private final LongFunction<String> line;
    private long next;
    private byte[] current = new byte[0];
    private int position;
    private long handedOut;

    GeneratedLines(long count, LongFunction<String> line) {
        this.count = count;
        this.line = line;
    }

    long handedOut() {
        return handedOut;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position == current.length) {
            if (next == count) {
                return -1;
            }
            current = (line.apply(next++) + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        handedOut += n;
        return n;
    }
}
