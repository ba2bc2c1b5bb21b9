package com.cmkverifier.testing.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake refuses what Resource Graph refuses, with the service's status, error body and headers. */
class FakeResourceGraphTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(TestCertificate.clientContext()).build();

    private static HttpResponse<String> post(FakeResourceGraph fake, String token, String query) throws Exception {
        String body = MAPPER.writeValueAsString(Map.of("query", query, "options", Map.of("$top", 1000)));
        HttpRequest req = HttpRequest.newBuilder(URI.create(fake.server().baseUrl() + FakeResourceGraph.QUERY_PATH
                        + "?api-version=2021-03-01")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }

    @Test
    void textsOutsideTheDocumentedSubsetAreRefusedWithInvalidQuery() throws Exception {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("let", "let ids = dynamic(['a']);\nresources | where id in~ (ids)"),
                Map.entry("fuzzy union", "resources | union isfuzzy=true (resourcecontainers)"),
                Map.entry("operator outside the list", "resources | evaluate bag_unpack(properties)"),
                Map.entry("operator outside the list in a leg", "resources | union (resourcecontainers | render table)"),
                Map.entry("join flavor", "resources | join kind=rightouter (resourcecontainers) on subscriptionId"),
                Map.entry("join strategy", "resources | join hint.strategy=broadcast (resourcecontainers) on subscriptionId"),
                Map.entry("four joins", "resources" + " | join (resourcecontainers) on subscriptionId".repeat(4)),
                Map.entry("three mv-expand", "resources" + " | mv-expand properties".repeat(3)),
                Map.entry("four union legs", "resources | union (resources), (resources), (resourcecontainers)"),
                Map.entry("two statements", "resources | take 1; resources | take 2"));
        try (FakeResourceGraph fake = new FakeResourceGraph(List.of())) {
            for (Map.Entry<String, String> e : refused.entrySet()) {
                HttpResponse<String> r = post(fake, "u", e.getValue());
                assertEquals(400, r.statusCode(), e.getKey());
                JsonNode error = json(r).path("error");
                assertEquals("BadRequest", error.path("code").asText(), e.getKey());
                assertEquals("InvalidQuery", error.path("details").path(0).path("code").asText(), e.getKey());
                assertTrue(error.path("details").path(0).path("message").asText().startsWith("Query is invalid."));
            }
            assertEquals(refused.size(), fake.refusals().size(), fake.refusals().toString());
        }
    }

    @Test
    void documentedOperatorsAndTheProductsFilesPass() throws Exception {
        List<String> accepted = List.of(
                "resources | where type =~ 'x' | extend a = 1 | project-away a | summarize count() by type | order by type asc",
                "resources | join kind=leftouter (resourcecontainers | where type == 'x') on subscriptionId | take 5",
                "resources | where name == 'let x = 1; | evaluate' | distinct name | top 3 by name | limit 1",
                "resources | mv-expand properties | mv-expand tags | parse name with a '-' b | sort by a | count",
                "resources\n// | evaluate in a comment\n| union (resourcecontainers | project id) | project id",
                Files.readString(Path.of("docs/kql/discovery-resources.kql")));
        try (FakeResourceGraph fake = new FakeResourceGraph(List.of())) {
            for (String q : accepted) {
                assertEquals(200, post(fake, "u", q).statusCode(), q);
            }
        }
    }

    @Test
    void theSixteenthQueryOfAWindowIsThrottledWithRetryAfterAndTheHeadersCountDown() throws Exception {
        try (FakeResourceGraph fake = new FakeResourceGraph(List.of())) {
            for (int i = 1; i <= ResourceGraphQuota.QUERIES_PER_WINDOW; i++) {
                HttpResponse<String> r = post(fake, "alice", "resources | take 1");
                assertEquals(200, r.statusCode());
                assertEquals(String.valueOf(15 - i), r.headers().firstValue("x-ms-user-quota-remaining").orElseThrow());
                assertEquals("00:00:05", r.headers().firstValue("x-ms-user-quota-resets-after").orElseThrow());
            }
            HttpResponse<String> throttled = post(fake, "alice", "resources | take 1");
            assertEquals(429, throttled.statusCode());
            assertEquals("5", throttled.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("RateLimiting", json(throttled).path("error").path("code").asText());
            assertEquals("RateLimiting", json(throttled).path("error").path("details").path(0).path("code").asText());
            assertEquals(200, post(fake, "bob", "resources | take 1").statusCode(), "the quota is per user");
            fake.quota().advance(Duration.ofSeconds(5));
            assertEquals(200, post(fake, "alice", "resources | take 1").statusCode(), "a new window");
            assertEquals(1, fake.quota().throttled());
        }
    }

    @Test
    void aCallerWithoutReadAccessGetsAccessDenied() throws Exception {
        try (FakeResourceGraph fake = new FakeResourceGraph(List.of())) {
            fake.denyAccess();
            HttpResponse<String> r = post(fake, "u", "resources | take 1");
            assertEquals(403, r.statusCode());
            JsonNode error = json(r).path("error");
            assertEquals("AccessDenied", error.path("code").asText());
            assertEquals("Access is denied to the requested resource. The user might not have enough permission.",
                    error.path("details").path(0).path("message").asText());
        }
    }
}
