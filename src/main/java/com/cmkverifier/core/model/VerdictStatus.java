package com.cmkverifier.core.model;

/** Overall status of one verification (spec section 3). */
public enum VerdictStatus {
    VERIFIED, WARNING, INCONCLUSIVE, FAILED
}
