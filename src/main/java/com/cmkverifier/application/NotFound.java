package com.cmkverifier.application;

/** What a request names does not exist; the entry point answers it (HTTP 404). No stack trace. */
public final class NotFound extends RuntimeException {

    public NotFound(String detail) {
        super(detail, null, false, false);
    }
}
