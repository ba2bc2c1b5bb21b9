package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP request bodies: any text is a JSON object or a 400/413 problem naming the body, never another exception. */
class RequestBodyPropertiesTest {

    @Property(tries = 2000)
    void anyBodyIsAnObjectOrAProblemNamingTheBody(@ForAll("bodies") String body) {
        try {
            JsonNode node = RequestBody.object(Optional.of(body));
            assertTrue(node.isObject());
        } catch (ApiException e) {
            ApiResponse r = e.response();
            assertTrue(r.status() == 400 || r.status() == 413, r::toString);
            assertEquals(ApiResponse.PROBLEM_JSON, r.header("Content-Type"));
            assertFalse(r.body().toString().contains("\tat "), "no stack trace");
            if (r.status() == 400) {
                assertEquals("body", r.body().get("field").asText());
            }
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> valid = Arbitraries.strings().alpha().ofMaxLength(20)
                .map(s -> "{\"resource\":\"" + s + "\",\"since\":null}");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100), valid,
                valid.flatMap(v -> Arbitraries.integers().between(0, v.length()).map(i -> v.substring(0, i))),
                Arbitraries.integers().between(1, 200).map(n -> "{\"a\":" + "[".repeat(n) + "]".repeat(n) + "}"),
                Arbitraries.of("[]", "null", "42", "\"x\"", "{}{}", "{\"a\":1,\"a\":2}", "{\"a\":1} x", "\uFEFF{}",
                        "{\"resource\":\"\ud800\"}"));
    }
}
