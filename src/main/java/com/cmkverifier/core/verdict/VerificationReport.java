package com.cmkverifier.core.verdict;

import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The verdicts of one run (a single verification or a sweep) with what was read to reach them. */
public record VerificationReport(Instant evaluatedAt, Window window, List<Verdict> verdicts, InputStats inputs) {

    public VerificationReport {
        verdicts = List.copyOf(verdicts);
    }

    /** Count per status, every status present (zero when none). */
    public Map<VerdictStatus, Integer> summary() {
        Map<VerdictStatus, Integer> m = new EnumMap<>(VerdictStatus.class);
        for (VerdictStatus s : VerdictStatus.values()) {
            m.put(s, 0);
        }
        verdicts.forEach(v -> m.merge(v.status(), 1, Integer::sum));
        return m;
    }
}
