package com.cmkverifier.application;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.state.SweepShard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Splits the registry into shards of at most {@code size} resources that share one Log Analytics workspace,
 * so that one log query serves a whole shard.
 */
final class Shards {

    private Shards() {
    }

    /** @param queuedAt when the shards' messages are sent */
    static List<SweepShard> plan(String sweepId, Registry registry, int size, Instant queuedAt) {
        Map<String, List<ProtectedResource>> byWorkspace = new TreeMap<>();
        for (ProtectedResource r : registry.resources()) {
            byWorkspace.computeIfAbsent(Objects.requireNonNullElse(r.workspaceId(), ""), w -> new ArrayList<>()).add(r);
        }
        List<SweepShard> shards = new ArrayList<>();
        byWorkspace.forEach((workspace, resources) -> {
            resources.sort(Comparator.comparing(ProtectedResource::name));
            for (int i = 0; i < resources.size(); i += size) {
                List<String> names = resources.subList(i, Math.min(i + size, resources.size())).stream()
                        .map(ProtectedResource::name).toList();
                shards.add(new SweepShard(sweepId, shards.size(), workspace.isEmpty() ? null : workspace, names,
                        false, queuedAt));
            }
        });
        return shards;
    }
}
