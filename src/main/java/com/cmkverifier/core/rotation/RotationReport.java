package com.cmkverifier.core.rotation;

import com.cmkverifier.core.model.Window;

import java.time.Instant;
import java.util.List;

/**
 * Rotation readiness of one key over a look-back.
 *
 * @param evidenceFrom the earliest audit record on the key in the look-back, null when there is none
 * @param issues       why the evidence is incomplete, if it is
 */
public record RotationReport(String key, Window lookBack, Instant evidenceFrom, List<VersionReadiness> versions,
                             List<String> issues) {

    public RotationReport {
        versions = List.copyOf(versions);
        issues = List.copyOf(issues);
    }

    public boolean complete() {
        return issues.isEmpty();
    }
}
