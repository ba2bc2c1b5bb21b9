package com.cmkverifier.functions;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The bundled OpenAPI 2.0 description ({@code openapi.json}), which Logic Apps imports as a custom connector.
 * The host is filled from the request so that the imported connector calls the app it came from.
 */
public final class OpenApi {

    static final String RESOURCE = "/openapi.json";

    private final ObjectNode document;

    public OpenApi() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the application");
            }
            document = (ObjectNode) Jackson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ApiResponse document(String host) {
        ObjectNode copy = document.deepCopy();
        if (host != null && !host.isBlank()) {
            copy.put("host", host);
        }
        return ApiResponse.json(200, copy);
    }
}
