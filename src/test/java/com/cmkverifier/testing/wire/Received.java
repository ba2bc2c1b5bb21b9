package com.cmkverifier.testing.wire;

import java.util.Map;

/**
 * One request as the wire server received it; header names lower case; {@code nanos} is its arrival on
 * {@link System#nanoTime()}; {@code bytes} the body as sent (a gzip body is not text).
 */
public record Received(String method, String path, String query, Map<String, String> headers, String body,
                       long nanos, byte[] bytes) {

    public boolean authenticated() {
        return headers.containsKey("authorization");
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
