package com.cmkverifier.testing.wire;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.ProtectedResource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fewest requests a sweep needs, from the shape of its estate (docs/performance.md, "Sweep plan"): per
 * distinct key, one read of its latest version and one page of its version listing (25 versions a page), and
 * one read of an older version some resource pins; per shard (resources of one workspace), one activity query
 * per {@code batch} distinct keys and one caller-names query. A sweep whose shards each hold a whole workspace
 * sends the fewest queries; shards never split a key, so a key is read once whatever the shard size.
 *
 * @param keyVaultReads    authenticated Key Vault requests (bearer challenges come on top: at most one per vault
 *                         and client)
 * @param activityQueries  key-activity.kql queries
 * @param namesQueries     caller-names.kql queries
 */
public record SweepPlan(long keyVaultReads, long activityQueries, long namesQueries) {

    /** The plan for a sweep of {@code shards} (each the resources of one shard) with {@code batch} keys a query. */
    public static SweepPlan of(List<List<ProtectedResource>> shards, int batch) {
        long activity = 0;
        for (List<ProtectedResource> shard : shards) {
            activity += Math.max(1, (Fleet.keysOf(shard).size() + batch - 1) / batch);
        }
        Set<KeyId> keys = Fleet.keysOf(shards.stream().flatMap(List::stream).toList());
        Set<KeyId> pinned = Fleet.keysPinnedToOlder(shards.stream().flatMap(List::stream).toList());
        return new SweepPlan(2L * keys.size() + pinned.size(), activity, shards.size());
    }

    /** One shard per workspace: the fewest queries. */
    public static SweepPlan wholeWorkspaces(List<ProtectedResource> resources, int batch) {
        Map<String, List<ProtectedResource>> byWorkspace = new HashMap<>();
        resources.forEach(r -> byWorkspace.computeIfAbsent(r.workspaceId(), w -> new java.util.ArrayList<>()).add(r));
        return of(List.copyOf(byWorkspace.values()), batch);
    }

    public long logQueries() {
        return activityQueries + namesQueries;
    }
}
