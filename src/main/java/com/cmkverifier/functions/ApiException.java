package com.cmkverifier.functions;

/** Ends a request with a problem response (4xx). Carries no stack trace: it is an answer, not a fault. */
public final class ApiException extends RuntimeException {

    private final transient ApiResponse response;

    ApiException(ApiResponse response) {
        super(response.body().path("detail").asText(), null, false, false);
        this.response = response;
    }

    public ApiResponse response() {
        return response;
    }
}
