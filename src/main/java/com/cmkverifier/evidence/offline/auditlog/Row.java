package com.cmkverifier.evidence.offline.auditlog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Log Analytics row, whether it came from a CSV export or from the JSON array that
 * {@code az monitor log-analytics query} prints, so that both share one column mapping per table.
 */
interface Row {

    boolean has(String column);

    /** The column's value as text; null when the column is absent or empty. */
    String text(String column);

    /** A dynamic column ({@code Identity}) as JSON; null when absent, empty or not JSON. */
    JsonNode json(String column);

    /** The first column of {@code columns} that has a value. */
    default String firstText(String... columns) {
        for (String c : columns) {
            String v = text(c);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
