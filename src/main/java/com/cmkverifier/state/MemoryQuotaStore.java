package com.cmkverifier.state;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The quota counters of one process: the CLI's, which is the only verifier instance of its run. */
public final class MemoryQuotaStore implements QuotaStore {

    private final Map<String, long[]> used = new HashMap<>();
    private final Map<String, Instant> notBefore = new HashMap<>();
    private final Map<String, Instant[]> slots = new HashMap<>();

    @Override
    public synchronized Claim claim(String scope, long slice, int cap, int wanted, Instant now) {
        Instant hold = notBefore.getOrDefault(scope, Instant.EPOCH);
        if (now.isBefore(hold)) {
            return new Claim(0, hold);
        }
        long[] s = used.computeIfAbsent(scope, k -> new long[] {slice, 0});
        if (s[0] != slice) {
            s[0] = slice;
            s[1] = 0;
        }
        int granted = (int) Math.max(0, Math.min(wanted, cap - s[1]));
        s[1] += granted;
        return new Claim(granted, hold);
    }

    @Override
    public synchronized void holdOff(String scope, Instant until) {
        notBefore.merge(scope, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public synchronized int takeSlot(String scope, int count, Instant now, Instant until) {
        Instant[] held = slots.computeIfAbsent(scope, k -> new Instant[count]);
        for (int i = 0; i < Math.min(count, held.length); i++) {
            if (held[i] == null || !held[i].isAfter(now)) {
                held[i] = until;
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized void freeSlot(String scope, int slot) {
        Instant[] held = slots.get(scope);
        if (held != null && slot >= 0 && slot < held.length) {
            held[slot] = null;
        }
    }
}
