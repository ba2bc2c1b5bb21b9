package com.cmkverifier.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One discovery of the estate into the stored registry: pending until the worker reads Azure, then done, either
 * with its report or with the reason it changed nothing.
 *
 * @param trigger    what started it: "http" or "timer"
 * @param reason     why it ended without merging (discovery incomplete, failed, timed out), or null
 * @param reportJson the merge report (added / changed / kept / reverted / gone) as JSON, or null
 * @param etag       the stored version this value was read as; null before it is stored
 */
public record DiscoveryRun(String id, String trigger, Instant createdAt, Instant updatedAt, Instant deadline,
                           boolean done, String reason, String reportJson, String etag) {

    public DiscoveryRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deadline, "deadline");
    }

    public static DiscoveryRun start(String id, String trigger, Instant now, Instant deadline) {
        return new DiscoveryRun(id, trigger, now, now, deadline, false, null, null, null);
    }

    /** This discovery merged into the registry, with its report. */
    public DiscoveryRun merged(Instant now, String report) {
        return new DiscoveryRun(id, trigger, createdAt, now, deadline, true, null, report, etag);
    }

    /**
     * This discovery, still pending after a try that merged part of Azure's description and then failed: the
     * next try completes the merge, and an ending without it says what was merged, never "registry unchanged".
     */
    public DiscoveryRun interrupted(Instant now, String what) {
        return new DiscoveryRun(id, trigger, createdAt, now, deadline, false, what, null, etag);
    }

    /** What an ending says about the registry: what an interrupted try merged, or that it is unchanged. */
    public String registryState() {
        return !done && reason != null ? reason : "registry unchanged";
    }

    /** This discovery ended without changing the registry, for {@code why}. */
    public DiscoveryRun failed(Instant now, String why) {
        return new DiscoveryRun(id, trigger, createdAt, now, deadline, true, why, null, etag);
    }
}
