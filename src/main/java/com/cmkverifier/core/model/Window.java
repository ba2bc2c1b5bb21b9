package com.cmkverifier.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The closed time interval {@code [from, to]} a verification looks at. */
public record Window(Instant from, Instant to) {

    public static final Duration DEFAULT_LENGTH = Duration.ofHours(24);

    public Window {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("window start " + from + " is after its end " + to);
        }
    }

    /** {@code [at - length, at]}, the spec's default window shape. */
    public static Window ending(Instant at, Duration length) {
        return new Window(at.minus(length), at);
    }

    public boolean contains(Instant t) {
        return t != null && !t.isBefore(from) && !t.isAfter(to);
    }
}
