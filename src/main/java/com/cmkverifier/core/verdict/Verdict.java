package com.cmkverifier.core.verdict;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;

import java.util.List;

/**
 * The answer for one resource: status, findings, the per-version use report, and how far the audit evidence
 * reaches ({@code horizon}, null when no audit source was read for it).
 */
public record Verdict(String resource, String type, String key, Window window, VerdictStatus status,
                      List<Finding> findings, List<KeyVersionReport> keyVersions, EvidenceHorizon horizon) {

    public Verdict {
        findings = List.copyOf(findings);
        keyVersions = List.copyOf(keyVersions);
    }

    public Verdict(String resource, String type, String key, Window window, VerdictStatus status,
                   List<Finding> findings, List<KeyVersionReport> keyVersions) {
        this(resource, type, key, window, status, findings, keyVersions, null);
    }

    public Verdict withHorizon(EvidenceHorizon h) {
        return new Verdict(resource, type, key, window, status, findings, keyVersions, h);
    }

    public boolean has(FindingCode code) {
        return findings.stream().anyMatch(f -> f.code() == code);
    }
}
