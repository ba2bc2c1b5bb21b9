package com.cmkverifier.state;

import com.cmkverifier.core.model.VerdictStatus;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How far a sweep got: shards and resources done out of their totals, counts per status, the results. */
public record SweepProgress(Sweep sweep, int shardsDone, List<SweepResult> results) {

    public SweepProgress {
        results = List.copyOf(results);
    }

    public Map<VerdictStatus, Integer> counts() {
        Map<VerdictStatus, Integer> m = new EnumMap<>(VerdictStatus.class);
        for (VerdictStatus s : VerdictStatus.values()) {
            m.put(s, 0);
        }
        results.forEach(r -> m.merge(r.status(), 1, Integer::sum));
        return m;
    }

    public boolean complete() {
        return shardsDone == sweep.shards();
    }
}
