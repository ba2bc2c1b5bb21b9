package com.cmkverifier.registry;

/** One invalid field: its JSON path ({@code resources[3].key}) and what is wrong with it. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
