package com.cmkverifier.functions;

import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the principal that App Service Authentication injects as {@code X-MS-CLIENT-PRINCIPAL}: Base64 of
 * {@code {"auth_typ", "claims": [{"typ", "val"}], "name_typ", "role_typ"}} ("Work with user identities in Azure
 * App Service authentication", MicrosoftDocs/azure-docs articles/app-service/configure-authentication-user-identities.md).
 * Claim names there pass the platform's default claim mapping, so the object id may come as the long
 * {@code objectidentifier} URI or as {@code oid}, and roles under {@code role_typ} or as {@code roles}.
 */
final class ClientPrincipal {

    static final String HEADER = "X-MS-CLIENT-PRINCIPAL";
    private static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    /** Far above any real principal (a token's claims); a bigger header is refused before it is decoded. */
    private static final int MAX_LENGTH = 64 * 1024;

    private ClientPrincipal() {
    }

    /** The caller the header names, or empty when it cannot be read or names no object id. */
    static Optional<Caller> parse(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        JsonNode principal;
        try {
            principal = Jackson.MAPPER.readTree(Base64.getDecoder().decode(header.trim()));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
        if (principal == null || !principal.path("claims").isArray()) {
            return Optional.empty();
        }
        String roleType = principal.path("role_typ").asText("roles");
        String objectId = null;
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonNode claim : principal.path("claims")) {
            String typ = claim.path("typ").asText("");
            String val = claim.path("val").asText("");
            if (typ.equals(OBJECT_ID) || typ.equals("oid")) {
                objectId = val;
            } else if (typ.equals(roleType) || typ.equals("roles")) {
                for (Role r : Role.values()) {
                    if (r.value().equals(val)) {
                        roles.add(r);
                    }
                }
            }
        }
        return objectId == null || objectId.isBlank() ? Optional.empty() : Optional.of(new Caller(objectId, roles));
    }
}
