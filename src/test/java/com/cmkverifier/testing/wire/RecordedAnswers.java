package com.cmkverifier.testing.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Answer bodies recorded from real Azure services by the Azure SDK for Java's tests (MIT licence), kept verbatim
 * under {@code src/test/resources/wire/recorded/}; {@code README.md} there names each one's origin.
 */
public final class RecordedAnswers {

    private RecordedAnswers() {
    }

    public static String text(String name) {
        try (InputStream in = RecordedAnswers.class.getResourceAsStream("/wire/recorded/" + name)) {
            if (in == null) {
                throw new IllegalStateException("recorded answer " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
