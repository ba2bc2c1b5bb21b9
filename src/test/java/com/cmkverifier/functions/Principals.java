package com.cmkverifier.functions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code X-MS-CLIENT-PRINCIPAL} values as App Service Authentication injects them for an Entra caller: Base64
 * JSON with {@code auth_typ}, {@code claims[{typ, val}]}, {@code name_typ}, {@code role_typ}; the object id
 * under its mapped claim name, one {@code roles} claim per app role (MicrosoftDocs/azure-docs
 * articles/app-service/configure-authentication-user-identities.md, "Decoding the client principal header").
 */
final class Principals {

    static final String OBJECT_ID = "6f1e0b3a-2c4d-4e5f-8a9b-0c1d2e3f4a5b";

    private Principals() {
    }

    static String of(String objectId, String... roles) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("auth_typ", "aad");
        ArrayNode claims = p.putArray("claims");
        claims.addObject().put("typ", "aud").put("val", "api://cmk-verifier");
        claims.addObject().put("typ", "http://schemas.microsoft.com/identity/claims/objectidentifier").put("val", objectId);
        for (String r : roles) {
            claims.addObject().put("typ", "roles").put("val", r);
        }
        p.put("name_typ", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name");
        p.put("role_typ", "roles");
        return Base64.getEncoder().encodeToString(p.toString().getBytes(StandardCharsets.UTF_8));
    }
}
