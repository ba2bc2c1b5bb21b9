package com.cmkverifier.application;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.state.SweepShard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Splits the registry into shards of at most {@code size} resources that share one Log Analytics workspace,
 * so that one log query serves a whole shard; within a workspace, resources are ordered by vault and key, so
 * that all resources on a key land in one shard (unless the key alone has more than {@code size}) and the
 * sweep reads each key's metadata once, not once per shard that holds one of its resources.
 */
final class Shards {

    private static final Comparator<ProtectedResource> BY_KEY = Comparator
            .comparing((ProtectedResource r) -> r.key().vaultHost()).thenComparing(r -> r.key().keyName().toLowerCase(Locale.ROOT))
            .thenComparing(ProtectedResource::name);

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
            resources.sort(BY_KEY);
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
