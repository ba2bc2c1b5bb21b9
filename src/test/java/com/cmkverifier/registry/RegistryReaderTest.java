package com.cmkverifier.registry;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryReaderTest {

    private static final String PRINCIPAL = "11111111-2222-3333-4444-555555555555";
    private static final String STORAGE = """
            {"name": "stcmkdata", "type": "Microsoft.Storage/storageAccounts",
             "resourceId": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stcmkdata",
             "key": "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk",
             "identity": {"principalId": "%s"},
             "workspaceId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
             "tags": {"owner": "team-data"}}""".formatted(PRINCIPAL);

    private static Registry read(String json) {
        return RegistryReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheSpecExampleEntry() {
        ProtectedResource r = read("{\"resources\": [" + STORAGE + "]}").find("STCMKDATA").orElseThrow();
        assertEquals("stg-cmk", r.key().keyName());
        assertEquals("kv-cmk-prod.vault.azure.net", r.key().vaultHost());
        assertEquals(PRINCIPAL, r.principalId());
        assertEquals(Map.of("owner", "team-data"), r.tags());
        assertTrue(r.proofOperations().isEmpty(), "type default applies when proofOperations is absent");
    }

    @Test
    void invalidEntriesAreReportedWithIndexAndFieldNeverDropped() {
        RegistryException e = assertThrows(RegistryException.class, () -> read("""
                {"resources": [%s,
                  {"name": "bad one", "type": "Microsoft.Storage/storageAccounts", "key": "https://evil.example.com/keys/k",
                   "identity": {"principalId": "not-a-guid"}},
                  {"type": "Microsoft.Sql/servers", "key": "https://kv1.vault.azure.net/keys/k", "identity": {"clientId": "%s"}}
                ]}""".formatted(STORAGE, PRINCIPAL)));
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        assertTrue(fields.containsAll(List.of("resources[1].name", "resources[1].key", "resources[1].identity.principalId",
                "resources[2].name")), fields.toString());
        assertTrue(e.getMessage().contains("evil.example.com"), e.getMessage());
    }

    @Test
    void identityIsRequiredUnlessTheTypeHasAFirstPartyCaller() {
        RegistryException e = assertThrows(RegistryException.class, () -> read("""
                {"resources": [{"name": "st", "type": "Microsoft.Storage/storageAccounts",
                  "key": "https://kv1.vault.azure.net/keys/k"}]}"""));
        assertEquals("resources[0].identity", e.errors().get(0).field());
        Registry ok = read("""
                {"resources": [{"name": "aip", "type": "Microsoft.InformationProtection",
                  "key": "https://kv1.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef"},
                 {"name": "cosmos", "type": "Microsoft.DocumentDB/databaseAccounts",
                  "key": "https://kv1.vault.azure.net/keys/k2"}]}""");
        assertEquals(2, ok.size());
    }

    @Test
    void duplicateNamesAreRejectedCaseInsensitively() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> read("{\"resources\": [" + STORAGE + "," + STORAGE.replace("\"stcmkdata\"", "\"STCMKDATA\"") + "]}"));
        assertEquals("resources[1].name", e.errors().get(0).field());
    }

    @Test
    void keyGetIsNeverAcceptedAsAProofOperation() {
        RegistryException e = assertThrows(RegistryException.class, () -> read("{\"resources\": ["
                + STORAGE.replace("\"tags\"", "\"proofOperations\": [\"KeyUnwrap\", \"KeyGet\"], \"tags\"") + "]}"));
        assertEquals("resources[0].proofOperations[1]", e.errors().get(0).field());
    }

    @Test
    void unknownFieldsSurviveARoundTrip() throws Exception {
        String json = "{\"resources\": [" + STORAGE.replace("\"tags\"",
                "\"changeTicket\": {\"id\": 42}, \"identity\": {\"principalId\": \"" + PRINCIPAL
                        + "\", \"kind\": \"SystemAssigned\"}, \"tags\"").replace(
                "\"identity\": {\"principalId\": \"" + PRINCIPAL + "\"},", "") + "]}";
        ProtectedResource r = read(json).resources().get(0);
        JsonNode out = RegistryReader.toJson(r);
        assertEquals(42, out.path("changeTicket").path("id").asInt());
        assertEquals("SystemAssigned", out.path("identity").path("kind").asText());
        ProtectedResource again = RegistryReader.parseEntry(new ObjectMapper().readTree(out.toString()), "");
        assertEquals(r, again);
    }

    @Test
    void malformedJsonNamesTheLine() {
        RegistryException e = assertThrows(RegistryException.class, () -> read("{\"resources\": [\n{\"name\": }]}"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aDirectoryGivenAsTheRegistryIsNamedInTheError(@TempDir Path dir) {
        RegistryException e = assertThrows(RegistryException.class, () -> RegistryReader.read(dir));
        assertEquals("registry", e.errors().get(0).field());
        assertTrue(e.getMessage().contains(dir + " is a directory"), e.getMessage());
    }

    @Test
    void aRegistryWithoutResourcesArrayIsRejected() {
        RegistryException e = assertThrows(RegistryException.class, () -> read("[]"));
        assertEquals("resources", e.errors().get(0).field());
    }

    @Test
    void deeplyNestedJsonIsRejectedNotParsed() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        RegistryException e = assertThrows(RegistryException.class,
                () -> read("{\"resources\": [], \"x\": " + deep + "}"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void wrongTypesNameTheField() {
        RegistryException e = assertThrows(RegistryException.class, () -> RegistryReader.parseEntry(
                new ObjectMapper().createObjectNode().put("name", 5).put("type", "Microsoft.Sql/servers")
                        .put("key", "https://kv1.vault.azure.net/keys/k"), ""));
        assertEquals("name", e.errors().get(0).field());
    }
}
