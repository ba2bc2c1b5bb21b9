package com.cmkverifier.state;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A message on the jobs queue: check a verification run once more, verify one shard of a sweep, or run a
 * discovery into the stored registry.
 */
public sealed interface Job {

    /**
     * Check number {@code attempt} of run {@code runId}. A run that already made that check, or is done,
     * ignores the message: that is what makes duplicate delivery harmless.
     */
    record RunCheck(String runId, int attempt) implements Job {
    }

    /** Verify the resources of shard {@code shard} of sweep {@code sweepId}. */
    record ShardCheck(String sweepId, int shard) implements Job {
    }

    /** Read Azure and merge into the stored registry for discovery {@code discoveryId}; done discoveries ignore it. */
    record DiscoveryJob(String discoveryId) implements Job {
    }

    default String toJson() {
        ObjectNode n = Jackson.MAPPER.createObjectNode();
        if (this instanceof RunCheck r) {
            n.put("kind", "run").put("runId", r.runId()).put("attempt", r.attempt());
        } else if (this instanceof ShardCheck s) {
            n.put("kind", "shard").put("sweepId", s.sweepId()).put("shard", s.shard());
        } else if (this instanceof DiscoveryJob d) {
            n.put("kind", "discovery").put("discoveryId", d.discoveryId());
        }
        return n.toString();
    }

    /** @throws IllegalArgumentException when the message is not a job this version writes */
    static Job parse(String message) {
        JsonNode n;
        try {
            n = Jackson.MAPPER.readTree(message);
        } catch (Exception e) {
            throw new IllegalArgumentException("job message is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("job message is not a JSON object");
        }
        String kind = n.path("kind").asText();
        if ("run".equals(kind) && n.path("runId").isTextual() && n.path("attempt").canConvertToInt()) {
            return new RunCheck(n.get("runId").asText(), n.get("attempt").asInt());
        }
        if ("shard".equals(kind) && n.path("sweepId").isTextual() && n.path("shard").canConvertToInt()) {
            return new ShardCheck(n.get("sweepId").asText(), n.get("shard").asInt());
        }
        if ("discovery".equals(kind) && n.path("discoveryId").isTextual()) {
            return new DiscoveryJob(n.get("discoveryId").asText());
        }
        throw new IllegalArgumentException("job message has no known kind with its fields");
    }
}
