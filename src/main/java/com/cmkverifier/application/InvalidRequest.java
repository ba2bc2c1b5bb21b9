package com.cmkverifier.application;

import com.cmkverifier.registry.FieldError;

import java.util.List;

/** A request a use case refuses, naming each invalid field; the entry point answers it (HTTP 400). No stack trace. */
public final class InvalidRequest extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRequest(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public InvalidRequest(List<FieldError> errors) {
        super(errors.get(0).toString(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
