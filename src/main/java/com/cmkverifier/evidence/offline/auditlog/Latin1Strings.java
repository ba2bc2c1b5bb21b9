package com.cmkverifier.evidence.offline.auditlog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One string per distinct byte sequence: a blob repeats a few hundred operation names, key ids, request URIs and
 * caller ids thousands of times, and a new string per record cost its copy, then its hash and a full comparison
 * in every map it met, then its lower-casing. The same string instead carries its hash, and compares by
 * identity. A table with one entry per slot, the newest text winning a slot: bounded, and a text that misses is
 * only made anew. Not thread-safe: one per reader thread.
 */
final class Latin1Strings {

    static final int SLOTS = 1 << 14;
    /** Longer texts are made each time: they are rarely repeated and would hold memory for nothing. */
    static final int MAX_LENGTH = 256;
    /**
     * Eight bytes at a time, little-endian so that the first byte is the lowest: under C1 (bin/cmkv) a word per
     * step scans and hashes text about a quarter faster than a byte per step.
     */
    static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** An odd constant with well spread bits (2^64 over the golden ratio). */
    private static final long MIX = 0x9e3779b97f4a7c15L;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    /** The bytes from {@code from} to {@code to} as an ISO-8859-1 string, the same instance for the same bytes. */
    String of(byte[] b, int from, int to) {
        return of(b, from, to, hash(b, from, to));
    }

    /** As above, with the bytes' {@link #hash} already worked out by the caller while it scanned them. */
    String of(byte[] b, int from, int to, int h) {
        int length = to - from;
        if (length > MAX_LENGTH) {
            return new String(b, from, length, StandardCharsets.ISO_8859_1);
        }
        int slot = (h ^ (h >>> 14)) & (SLOTS - 1);
        byte[] known = bytes[slot];
        if (known != null && Arrays.equals(b, from, to, known, 0, known.length)) {
            return strings[slot];
        }
        String s = new String(b, from, length, StandardCharsets.ISO_8859_1);
        bytes[slot] = Arrays.copyOfRange(b, from, to);
        strings[slot] = s;
        return s;
    }

    /**
     * The hash the table is keyed by: the bytes as little-endian words from {@code from}, the last one padded with
     * zeros, each {@link #mix}ed in, then {@link #finish}ed. A scan that reads the same words hashes as it goes.
     */
    static int hash(byte[] b, int from, int to) {
        long h = 0;
        int i = from;
        for (; i <= to - 8; i += 8) {
            h = mix(h, (long) WORDS.get(b, i));
        }
        if (i == to) {
            return finish(h);
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        return finish(mix(h, tail));
    }

    static long mix(long h, long word) {
        // The rotation brings the product's well-mixed high half down, where the next word's product spreads it.
        return Long.rotateLeft((h ^ word) * MIX, 32);
    }

    static int finish(long h) {
        return (int) ((h * MIX) >>> 32);
    }
}
