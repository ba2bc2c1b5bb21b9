package com.cmkverifier.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cmkverifier.state.Run;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What a Logic Apps / Power Automate custom connector needs from the OpenAPI document: a host that is never
 * wrong, a description on every operation, an {@code x-ms-summary} on every parameter, {@code x-nullable} on every
 * field the API may answer as null, and no extension that the designer ignores.
 */
class OpenApiConnectorTest {

    private static JsonNode repositoryCopy() throws Exception {
        try (InputStream in = OpenApi.class.getResourceAsStream(OpenApi.RESOURCE)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<Map.Entry<String, JsonNode>> operations(JsonNode doc) {
        List<Map.Entry<String, JsonNode>> ops = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields()
                .forEachRemaining(op -> ops.add(Map.entry(op.getKey() + " " + path.getKey(), op.getValue()))));
        return ops;
    }

    private static Set<String> nullFields(Run run) {
        Set<String> names = new TreeSet<>();
        // As the API answers it: 202 while pending, 200 when done.
        JsonNode answer = RunView.of(run, Duration.ofMinutes(5), new StatusLink("https://cmkv.example.net", null)).body();
        answer.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                names.add(f.getKey());
            }
        });
        return names;
    }

    @Test
    void theRepositoryCopyNamesNoHostAndTheServedCopyNamesTheOneThatServedIt() throws Exception {
        // An import from the file must not point at localhost; the served copy gets the request's host.
        assertFalse(repositoryCopy().has("host"));
        assertEquals("func-cmkv.azurewebsites.net", new OpenApi().document("func-cmkv.azurewebsites.net").body().get("host").asText());
    }

    @Test
    void everyOperationHasASummaryAndADescription() throws Exception {
        List<Map.Entry<String, JsonNode>> ops = operations(repositoryCopy());
        assertTrue(ops.size() >= 9, ops::toString);
        for (Map.Entry<String, JsonNode> op : ops) {
            assertFalse(op.getValue().path("summary").asText().isBlank(), op.getKey() + " summary");
            assertFalse(op.getValue().path("description").asText().isBlank(), op.getKey() + " description");
        }
    }

    @Test
    void everyParameterAndRequestFieldHasAnXmsSummary() throws Exception {
        JsonNode doc = repositoryCopy();
        int parameters = 0;
        for (Map.Entry<String, JsonNode> op : operations(doc)) {
            for (JsonNode p : op.getValue().path("parameters")) {
                parameters++;
                assertFalse(p.path("x-ms-summary").asText().isBlank(), op.getKey() + " parameter " + p.get("name"));
            }
        }
        assertTrue(parameters >= 7, "parameters: " + parameters);
        doc.at("/definitions/VerificationRequest/properties").fields().forEachRemaining(f ->
                assertFalse(f.getValue().path("x-ms-summary").asText().isBlank(), "VerificationRequest." + f.getKey()));
    }

    @Test
    void everyRunFieldTheApiAnswersAsNullIsMarkedNullable() throws Exception {
        // A run just started: no check yet, so no status, verdict or reason; no change time was given.
        Run started = Run.start("run-1", "stcmkdata", null, Duration.ofMinutes(30), Instant.parse("2026-11-20T06:00:00Z"));
        // Done: no next check, so nextCheckAt is answered as null too.
        Run done = started.concluded(Instant.parse("2026-11-20T06:05:00Z"), null, null, null);
        Set<String> nulls = new TreeSet<>(nullFields(started));
        nulls.addAll(nullFields(done));
        assertEquals(Set.of("lastStatus", "verdict", "reason", "since", "nextCheckAt"), nulls);
        JsonNode run = repositoryCopy().at("/definitions/Run/properties");
        for (String field : nulls) {
            assertTrue(run.path(field).path("x-nullable").asBoolean(), "Run." + field + " is answered as null");
        }
    }

    @Test
    void theDocumentCarriesNoLongRunningExtensionAndCallsLocationAbsolute() throws Exception {
        JsonNode doc = repositoryCopy();
        assertTrue(doc.findValues("x-ms-long-running-operation").isEmpty());
        assertTrue(doc.findValues("x-ms-long-running-operation-options").isEmpty());
        List<JsonNode> locations = doc.findValues("Location");
        assertEquals(5, locations.size(), "verifications and discoveries: POST 202 and both polls");
        locations.forEach(l -> assertTrue(l.get("description").asText().startsWith("Absolute URL"), l::toString));
        assertTrue(doc.at("/info/description").asText().contains("absolute Location"));
    }
}
