package com.cmkverifier.state;

import com.cmkverifier.core.model.VerdictStatus;

import java.util.List;
import java.util.Map;

/**
 * How far a sweep got: shards done out of its total, results per status, and one page of results.
 *
 * @param continuationToken where the next page starts, or null on the last page
 */
public record SweepProgress(Sweep sweep, int shardsDone, Map<VerdictStatus, Integer> counts,
                            List<SweepResult> results, String continuationToken) {

    public SweepProgress {
        counts = Map.copyOf(counts);
        results = List.copyOf(results);
    }

    public int resultsDone() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean complete() {
        return shardsDone == sweep.shards();
    }
}
