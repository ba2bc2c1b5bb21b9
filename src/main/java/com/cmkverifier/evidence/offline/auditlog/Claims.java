package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.evidence.offline.LenientJson;
import com.fasterxml.jackson.databind.JsonNode;

/** Reads the caller from an {@code identity} object ({@code {"claim": {...}}}) in any of its documented forms. */
final class Claims {

    /** The long claim name ARM-routed calls carry instead of {@code oid}. */
    static final String OBJECT_ID_URI = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    private Claims() {
    }

    /** @param identity the identity object, or an escaped JSON string holding it; may be null or {@code {}} */
    static Caller caller(JsonNode identity) {
        JsonNode id = LenientJson.object(identity);
        if (id == null) {
            return Caller.NONE;
        }
        JsonNode claim = id.has("claim") ? LenientJson.object(id.get("claim")) : id;
        if (claim == null) {
            return Caller.NONE;
        }
        String oid = LenientJson.text(claim.get("oid"));
        if (oid == null) {
            oid = LenientJson.text(claim.get(OBJECT_ID_URI));
        }
        if (oid == null) {
            // The Managed HSM documentation sample nests the long claim by its URI's parts.
            oid = LenientJson.text(
                    LenientJson.at(claim, "http_schemas_microsoft_com_identity", "claims", "objectidentifier"));
        }
        return new Caller(oid, LenientJson.text(claim.get("appid")), LenientJson.text(claim.get("xms_mirid")));
    }
}
