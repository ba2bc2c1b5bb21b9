package com.cmkverifier.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegistryTest {

    private static ProtectedResource on(String name, String keyUrl) {
        return new ProtectedResource(name, "Microsoft.Storage/storageAccounts", null, KeyReference.parse(keyUrl),
                null, null, null, null, null, null, null);
    }

    @Test
    void resourcesSharingAKeyAreFoundInRegistrationOrderWhateverTheUrlsCase() {
        ProtectedResource a = on("a", "https://kv-one.vault.azure.net/keys/cmk");
        ProtectedResource b = on("b", "https://kv-two.vault.azure.net/keys/cmk");
        ProtectedResource c = on("c", "https://KV-ONE.vault.azure.net/keys/CMK/0123456789abcdef0123456789abcdef");
        Registry registry = new Registry(List.of(a, b, c));

        assertEquals(List.of(a, c), registry.onKey(new KeyId("kv-one.vault.azure.net", "cmk")));
        assertEquals(List.of(b), registry.onKey(new KeyId("kv-two.vault.azure.net", "cmk")));
        assertEquals(List.of(), registry.onKey(new KeyId("kv-one.vault.azure.net", "other")));
    }
}
