package com.cmkverifier.functions;

import com.cmkverifier.registry.FieldError;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Error answers as {@code application/problem+json} (RFC 9457): type, title, status, detail; validation
 * problems add {@code field} (the first invalid one) and {@code errors} (all of them).
 */
final class Problem {

    static final String INVALID = "urn:cmk-verifier:problem:invalid-field";

    private Problem() {
    }

    static ApiException invalid(String field, String detail) {
        return invalid(List.of(new FieldError(field, detail)));
    }

    static ApiException invalid(List<FieldError> errors) {
        ObjectNode body = body(INVALID, 400, "Invalid request", errors.get(0).toString());
        body.put("field", errors.get(0).field());
        ArrayNode list = body.putArray("errors");
        errors.forEach(e -> list.addObject().put("field", e.field()).put("detail", e.message()));
        return new ApiException(response(body));
    }

    static ApiException notFound(String detail) {
        return new ApiException(response(body("about:blank", 404, "Not Found", detail)));
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(response(body("about:blank", 413, "Payload Too Large",
                "the request body is larger than " + limit + " bytes")));
    }

    /** No usable identity: 401, with the challenge RFC 9110 asks of it (a bearer token, RFC 6750). */
    static ApiException unauthenticated(String detail) {
        return new ApiException(response(body("about:blank", 401, "Unauthorized", detail))
                .with("WWW-Authenticate", "Bearer"));
    }

    /** The caller lacks the route's app role: 403 naming it, also as a list in {@code roles}. */
    static ApiException forbidden(List<String> roles, String detail) {
        ObjectNode body = body("urn:cmk-verifier:problem:missing-role", 403, "Forbidden", detail);
        ArrayNode list = body.putArray("roles");
        roles.forEach(list::add);
        return new ApiException(response(body));
    }

    /** The app cannot trust any caller's identity, so it serves no one until the platform's sign-in is on. */
    static ApiException authenticationOff(String detail) {
        return new ApiException(response(body("urn:cmk-verifier:problem:authentication-off", 500,
                "Internal Server Error", detail)));
    }

    static ApiResponse throttled(int status, long retryAfterSeconds) {
        return response(body("about:blank", status, status == 429 ? "Too Many Requests" : "Service Unavailable",
                "storage is busy; retry after " + retryAfterSeconds + " seconds"))
                .with("Retry-After", Long.toString(retryAfterSeconds));
    }

    static ApiResponse internal() {
        return response(body("about:blank", 500, "Internal Server Error",
                "the request could not be completed; the fault is logged"));
    }

    /** The app cannot serve until a setting is fixed; the message names the setting, never a secret. */
    static ApiResponse misconfigured(String detail) {
        return response(body("urn:cmk-verifier:problem:bad-setting", 500, "Internal Server Error", detail));
    }

    private static ObjectNode body(String type, int status, String title, String detail) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type).put("title", title).put("status", status).put("detail", detail);
        return o;
    }

    private static ApiResponse response(ObjectNode body) {
        return new ApiResponse(body.get("status").asInt(), Map.of("Content-Type", ApiResponse.PROBLEM_JSON), body);
    }
}
