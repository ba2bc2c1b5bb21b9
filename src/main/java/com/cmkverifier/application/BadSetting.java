package com.cmkverifier.application;

/** An application setting that is missing or cannot be used; the message names it. */
public final class BadSetting extends IllegalStateException {

    public BadSetting(String message) {
        super(message);
    }
}
