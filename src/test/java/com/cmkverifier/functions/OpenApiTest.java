package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled OpenAPI 2.0 document describes exactly the HTTP functions there are. */
class OpenApiTest {

    private final JsonNode doc = new OpenApi().document("cmkv.example.net").body();

    @Test
    void everyDocumentedOperationIsAFunctionAndEveryFunctionIsDocumented() {
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method + " " + path.getKey()));
        }
        assertEquals(FunctionRoutes.http().keySet(), documented);
    }

    @Test
    void operationIdsAreTheFunctionNames() {
        FunctionRoutes.http().forEach((key, route) -> {
            JsonNode op = doc.get("paths").get("/" + route.route()).get(route.method());
            assertEquals(route.function(), op.get("operationId").asText(), key);
        });
    }

    @Test
    void startingAVerificationIsDocumentedWithLocationAndRetryAfterForTheAsyncPattern() {
        JsonNode post = doc.at("/paths/~1verifications/post");
        // Logic Apps ignores x-ms-long-running-operation; it follows a 202's Location on its own.
        assertFalse(post.has("x-ms-long-running-operation"));
        assertTrue(post.at("/responses/202/headers").has("Location"));
        assertTrue(post.at("/responses/202/headers").has("Retry-After"));
        assertTrue(doc.at("/paths/~1verifications~1{id}/get/responses/202/headers").has("Retry-After"));
    }

    @Test
    void theDocumentIsSwaggerTwoForTheHostThatServesIt() {
        assertEquals("2.0", doc.get("swagger").asText());
        assertEquals("/api", doc.get("basePath").asText());
        assertEquals("cmkv.example.net", doc.get("host").asText());
    }

    @Test
    void registryWritesAreDocumentedWithETagIfMatchAnd412() {
        JsonNode entry = doc.at("/paths/~1resources~1{name}");
        assertTrue(entry.at("/get/responses/200/headers").has("ETag"));
        assertTrue(entry.at("/put/responses/200/headers").has("ETag"));
        assertTrue(entry.at("/put/responses/201/headers").has("ETag"));
        for (String method : new String[] {"put", "delete"}) {
            boolean ifMatch = false;
            for (JsonNode p : entry.at("/" + method + "/parameters")) {
                ifMatch |= p.path("name").asText().equals("If-Match") && p.path("in").asText().equals("header")
                        && !p.path("required").asBoolean();
            }
            assertTrue(ifMatch, method + " takes an optional If-Match header");
            assertEquals("#/definitions/Problem", entry.at("/" + method + "/responses/412/schema/$ref").asText(), method);
        }
        assertTrue(doc.at("/definitions/Registry/properties").has("unreadable"));
    }
}
