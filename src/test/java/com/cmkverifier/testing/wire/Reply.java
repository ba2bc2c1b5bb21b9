package com.cmkverifier.testing.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer: status, headers and a JSON (or empty) body. */
public record Reply(int status, Map<String, String> headers, String body) {

    public static Reply json(int status, String body) {
        return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    public static Reply error(int status, String code, String message) {
        return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }

    /** 429 with the Retry-After header (seconds) the SDK's retry policy honours. */
    public static Reply throttled(int retryAfterSeconds) {
        return error(429, "TooManyRequests", "throttled").withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, h, body);
    }
}
