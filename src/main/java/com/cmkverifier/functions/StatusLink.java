package com.cmkverifier.functions;

import com.microsoft.azure.functions.HttpRequestMessage;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a caller polls a run. Absolute, and carrying the caller's own {@code code} query parameter when the
 * request came with one: Logic Apps' asynchronous pattern follows {@code Location} without re-adding query
 * parameters or headers, so a bare path would be answered 401 (as Durable Functions' status URLs do, the key
 * the caller already put in a URL travels on; a key sent as {@code x-functions-key} header is never copied).
 */
record StatusLink(String base, String code) {

    static StatusLink of(HttpRequestMessage<?> request) {
        URI uri = request.getUri();
        String base = uri == null || uri.getScheme() == null || uri.getRawAuthority() == null ? ""
                : uri.getScheme() + "://" + uri.getRawAuthority();
        String code = request.getQueryParameters() == null ? null : request.getQueryParameters().get("code");
        return new StatusLink(base, code == null || code.isBlank() ? null : code);
    }

    String to(String runId) {
        return to(RunView.PATH, runId);
    }

    /** @param path where the resource's collection is, like {@code /api/discoveries/} */
    String to(String path, String id) {
        return base + path + id
                + (code == null ? "" : "?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8));
    }
}
