package com.cmkverifier.state;

/** A conditional registry write whose version no longer matches: someone changed or deleted the entry first. */
public final class RegistryConflict extends RuntimeException {

    public RegistryConflict(String message) {
        super(message);
    }
}
