package com.cmkverifier.core.verdict;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;

import java.util.List;

/** The answer for one resource: status, findings, and the per-version use report. */
public record Verdict(String resource, String type, String key, Window window, VerdictStatus status,
                      List<Finding> findings, List<KeyVersionReport> keyVersions) {

    public Verdict {
        findings = List.copyOf(findings);
        keyVersions = List.copyOf(keyVersions);
    }

    public boolean has(FindingCode code) {
        return findings.stream().anyMatch(f -> f.code() == code);
    }
}
