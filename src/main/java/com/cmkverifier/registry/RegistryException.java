package com.cmkverifier.registry;

import java.util.List;
import java.util.stream.Collectors;

/** A registry file or entry that cannot be used; lists every invalid field, each with its path. */
public final class RegistryException extends IllegalArgumentException {

    private final transient List<FieldError> errors;

    public RegistryException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public RegistryException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
