package com.cmkverifier.core.model;

import java.util.Locale;

/** Severity of a finding (spec section 3). {@code INCONCLUSIVE} explains a verdict but never fails it. */
public enum Severity {
    INFO, WARNING, ERROR, INCONCLUSIVE;

    /** The spelling used in reports: lower case, as in the spec's table. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
