package com.cmkverifier.state;

import com.cmkverifier.core.model.VerdictStatus;

import java.util.List;

/** One resource's outcome in a sweep: status and finding codes, or the reason it has no proper verdict. */
public record SweepResult(String resource, VerdictStatus status, List<String> findings, String reason) {

    public SweepResult {
        findings = List.copyOf(findings);
    }
}
