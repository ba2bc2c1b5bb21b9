package com.cmkverifier.reliability;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.registry.FieldError;
import com.cmkverifier.registry.RegistryException;
import com.cmkverifier.registry.RegistryReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Registry entries (files and {@code PUT /api/resources/{name}} bodies): valid ones are always accepted; any
 * other is rejected with every invalid field named, never with another exception.
 */
class RegistryEntryPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("name", "type", "resourceId", "key", "identity",
            "workspaceId", "proofOperations", "tags", "extra");

    @Property(tries = 1000)
    void anEntryIsAcceptedOrRejectedNamingItsFields(@ForAll("entries") JsonNode entry) {
        try {
            RegistryReader.parseEntry(entry, "resources[0]");
        } catch (RegistryException e) {
            assertFalse(e.errors().isEmpty());
            for (FieldError f : e.errors()) {
                assertFalse(f.field().isBlank() || f.message().isBlank(), f::toString);
            }
        }
    }

    @Property(tries = 500)
    void everyValidEntryIsAcceptedAndRoundTrips(@ForAll("validEntries") ObjectNode entry) {
        ProtectedResource r = RegistryReader.parseEntry(entry, "");
        assertEquals(r, RegistryReader.parseEntry(RegistryReader.toJson(r), ""));
    }

    @Property(tries = 500)
    void anyRegistryTextIsReadOrRejectedWithAField(@ForAll("registryTexts") String text) {
        try {
            RegistryReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (RegistryException e) {
            assertFalse(e.errors().isEmpty() || e.errors().get(0).field().isBlank());
        }
    }

    @Provide
    Arbitrary<ObjectNode> validEntries() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(0).ofMaxLength(40)
                .map(s -> "r" + s);
        Arbitrary<String> guid = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32)
                .map(h -> h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                        + h.substring(16, 20) + "-" + h.substring(20));
        Arbitrary<String> type = Arbitraries.of("Microsoft.Storage/storageAccounts", "Microsoft.Sql/servers",
                "Microsoft.Compute/diskEncryptionSets", "Microsoft.DBforPostgreSQL/flexibleServers");
        Arbitrary<String> key = Arbitraries.strings().withChars("abc123-").ofMinLength(1).ofMaxLength(30)
                .map(k -> "https://kv-cmk.vault.azure.net/keys/k" + k);
        return Combinators.combine(name, type, key, guid, guid).as((n, t, k, principal, ws) -> {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("name", n).put("type", t).put("key", k).put("workspaceId", ws);
            o.putObject("identity").put("principalId", principal);
            o.putObject("tags").put("owner", "team-" + n);
            return o;
        });
    }

    /** Valid entries with one field set to a value of a random kind: wrong types, hostile text, nesting. */
    @Provide
    Arbitrary<JsonNode> entries() {
        Arbitrary<JsonNode> value = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(JsonNodeFactory.instance::textNode),
                Arbitraries.of("a|b", "x\" | take 1", "line\nbreak", "https://127.0.0.1/keys/k",
                        "https://kv-\u0430.vault.azure.net/keys/k", "http://kv.vault.azure.net/keys/k", "",
                        "KeyGet").map(JsonNodeFactory.instance::textNode),
                Arbitraries.integers().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.just(JsonNodeFactory.instance.nullNode()),
                Arbitraries.just(JsonNodeFactory.instance.booleanNode(true)),
                Arbitraries.just((JsonNode) JSON.valueToTree(List.of(Map.of("a", List.of(1, "x")), "KeyUnwrap"))),
                Arbitraries.just((JsonNode) JSON.valueToTree(Map.of("principalId", 7, "clientId", List.of()))));
        return Combinators.combine(validEntries(), Arbitraries.of(FIELDS), value).as((entry, field, v) -> {
            ObjectNode copy = entry.deepCopy();
            copy.set(field, v);
            return copy;
        });
    }

    @Provide
    Arbitrary<String> registryTexts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                entries().map(e -> "{\"resources\":[" + e + "]}"),
                entries().map(e -> "{\"resources\":[" + e + "]}")
                        .flatMap(t -> Arbitraries.integers().between(0, t.length()).map(i -> t.substring(0, i))),
                Arbitraries.integers().between(1, 3000).map(n -> "{\"resources\":" + "[".repeat(n)));
    }
}
