package com.cmkverifier.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finding of a verdict. {@code evidence} holds JSON-friendly values only (strings, numbers, booleans,
 * lists and maps of them); times are ISO-8601 strings.
 */
public record Finding(FindingCode code, String message, Map<String, Object> evidence, String remediation) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence == null ? Map.of() : evidence));
        remediation = remediation == null ? "" : remediation;
    }

    public Severity severity() {
        return code.severity();
    }
}
