package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an API call answers, before it is turned into a Functions response: status, headers, JSON body. */
public record ApiResponse(int status, Map<String, String> headers, JsonNode body) {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, Map.of("Content-Type", JSON), body);
    }

    public ApiResponse with(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, value);
        return new ApiResponse(status, h, body);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
