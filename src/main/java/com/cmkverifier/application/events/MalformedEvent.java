package com.cmkverifier.application.events;

/** An event that can never be processed, naming the field at fault; its redelivery would fail the same way. */
public final class MalformedEvent extends RuntimeException {

    public MalformedEvent(String field, String message) {
        super(field + ": " + message, null, false, false);
    }
}
