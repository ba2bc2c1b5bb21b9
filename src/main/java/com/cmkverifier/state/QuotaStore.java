package com.cmkverifier.state;

import java.time.Instant;

/**
 * Counters and slots that every instance of the verifier shares, so that together they stay within a quota
 * that Azure counts per vault or per identity, however many instances run. A scope names what is counted
 * (a vault, the app's identity). Two implementations: {@link TableQuotaStore} for the Functions app (any
 * number of instances) and {@link MemoryQuotaStore} for one process (the CLI).
 */
public interface QuotaStore {

    /**
     * Tokens granted for one slice of time, and the time before which nothing may be sent to the scope (the
     * service's own Retry-After, as any instance heard it).
     */
    record Claim(int granted, Instant notBefore) {
    }

    /**
     * Takes up to {@code wanted} of the {@code cap} tokens of slice number {@code slice} of the scope; none
     * while the scope's not-before time is after {@code now}.
     */
    Claim claim(String scope, long slice, int cap, int wanted, Instant now);

    /** Nothing may be sent to the scope before {@code notBefore}; an earlier time never shortens a later one. */
    void holdOff(String scope, Instant notBefore);

    /**
     * Holds one of the scope's {@code slots} until {@code until} (or {@link #freeSlot}): a slot another holder
     * let lapse counts as free, so an instance that dies frees its slots once their time is over.
     *
     * @return the slot's number, or -1 when every slot is held
     */
    int takeSlot(String scope, int slots, Instant now, Instant until);

    void freeSlot(String scope, int slot);
}
