package com.cmkverifier.evidence.offline.keys;

import com.cmkverifier.core.activity.KeyLocator;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.evidence.offline.EvidenceTime;
import com.cmkverifier.evidence.offline.LenientJson;
import com.cmkverifier.evidence.offline.MalformedRecordException;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Maps one key version object, in the REST form ({@code key.key_ops}, {@code attributes.nbf/exp} in epoch
 * seconds) or the {@code az} form ({@code key.keyOps}, {@code attributes.notBefore/expires} as ISO dates). A
 * bundle has {@code key}; a version-list entry has only {@code kid} and {@code attributes}.
 */
final class KeyVersionMapper {

    /** One version as described by one object; {@code deletedDate} set when it is a deleted-key bundle. */
    record Described(KeyId key, KeyVersion version, boolean deleted, Instant deletedDate) {
    }

    private KeyVersionMapper() {
    }

    /**
     * @return null for a key-level entry without a version ({@code az keyvault key list}): nothing to record
     * @throws MalformedRecordException naming the field that is missing or unreadable
     */
    static Described map(JsonNode o) {
        if (!o.isObject()) {
            throw new MalformedRecordException("not a JSON object");
        }
        JsonNode key = o.get("key");
        String kid = LenientJson.text(key != null ? key.get("kid") : o.get("kid"));
        if (kid == null) {
            throw new MalformedRecordException("neither key.kid nor kid: not a key bundle or version list entry");
        }
        KeyLocator.Located located = KeyLocator.locate(kid);
        if (located == null) {
            throw new MalformedRecordException("kid '" + EvidenceTime.abbreviate(kid) + "' is not a key URL");
        }
        if (located.version() == null) {
            return null;
        }
        JsonNode a = o.get("attributes");
        KeyVersion v = new KeyVersion(located.version(),
                bool(a, "enabled"),
                time(a, "nbf", "notBefore"),
                time(a, "exp", "expires"),
                time(a, "created", "created"),
                time(a, "updated", "updated"),
                LenientJson.text(a == null ? null : a.get("recoveryLevel")),
                key == null ? null : LenientJson.text(key.get("kty")),
                key == null ? null : modulusBits(LenientJson.text(key.get("n"))),
                key == null ? null : operations(key));
        boolean deleted = o.has("deletedDate") || o.has("recoveryId");
        return new Described(located.key(), v, deleted, deleted ? time(o, "deletedDate", "deletedDate") : null);
    }

    private static Boolean bool(JsonNode attributes, String field) {
        String s = attributes == null ? null : LenientJson.text(attributes.get(field));
        return s == null ? null : Boolean.valueOf(s);
    }

    private static Instant time(JsonNode parent, String restName, String azName) {
        if (parent == null) {
            return null;
        }
        String field = parent.has(restName) ? restName : azName;
        String s = LenientJson.text(parent.get(field));
        try {
            return s == null ? null : EvidenceTime.parse(s);
        } catch (MalformedRecordException e) {
            throw new MalformedRecordException(field + ": " + e.getMessage());
        }
    }

    private static List<String> operations(JsonNode key) {
        JsonNode ops = key.has("key_ops") ? key.get("key_ops") : key.get("keyOps");
        if (ops == null || !ops.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        ops.forEach(op -> out.add(op.asText()));
        return out;
    }

    /** RSA size is the unsigned length of the modulus; a leading zero byte does not count. */
    private static Integer modulusBits(String n) {
        if (n == null) {
            return null;
        }
        try {
            // REST uses base64url; accept standard base64 too, in case a tool re-encoded it.
            byte[] bytes = Base64.getUrlDecoder().decode(n.replace('+', '-').replace('/', '_').replace("=", ""));
            return new BigInteger(1, bytes).bitLength();
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("key.n is not base64url");
        }
    }
}
