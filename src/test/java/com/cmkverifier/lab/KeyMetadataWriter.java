package com.cmkverifier.lab;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Key metadata in the two shapes spec section 6 reads: Key Vault's REST answers (snake_case {@code key_ops},
 * epoch-second attributes {@code nbf}/{@code exp}) and what {@code az keyvault key show} / {@code list-versions}
 * print (camelCase {@code keyOps}, ISO dates, keys sorted as the Azure CLI sorts them, nulls included).
 */
final class KeyMetadataWriter {

    private static final DateTimeFormatter AZ_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);
    private static final String RSA_PUBLIC_EXPONENT = "AQAB";

    /** How a key is exported. */
    enum Form { REST_BUNDLE, REST_VERSIONS, AZ_SHOW, AZ_LIST_VERSIONS }

    private final Random random;

    /** @param random source of the modulus bytes: fixed seed, so the lab is the same on every run */
    KeyMetadataWriter(Random random) {
        this.random = random;
    }

    Object render(Form form, List<LabKey> versions) {
        return switch (form) {
            case REST_BUNDLE -> restBundle(only(versions));
            case REST_VERSIONS -> restVersions(versions);
            case AZ_SHOW -> azShow(only(versions));
            case AZ_LIST_VERSIONS -> versions.stream().map(this::azListItem).toList();
        };
    }

    private static LabKey only(List<LabKey> versions) {
        if (versions.size() != 1) {
            throw new IllegalArgumentException("a key bundle describes exactly one version, not " + versions.size());
        }
        return versions.get(0);
    }

    /** {@code GET {vault}/keys/{name}/{version}}: the key bundle. */
    Map<String, Object> restBundle(LabKey k) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kid", k.kid());
        key.put("kty", k.keyType());
        key.put("key_ops", k.keyOps());
        key.put("n", modulus(k.modulusBits()));
        key.put("e", RSA_PUBLIC_EXPONENT);
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("key", key);
        bundle.put("attributes", restAttributes(k));
        bundle.put("tags", Map.of("purpose", "cmk"));
        return bundle;
    }

    /** {@code GET {vault}/keys/{name}/versions}: one page, no key material. */
    Map<String, Object> restVersions(List<LabKey> versions) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("value", versions.stream().map(k -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kid", k.kid());
            item.put("attributes", restAttributes(k));
            item.put("tags", Map.of("purpose", "cmk"));
            return item;
        }).toList());
        page.put("nextLink", null);
        return page;
    }

    private static Map<String, Object> restAttributes(LabKey k) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("enabled", k.enabled());
        if (k.expires() != null) {
            a.put("exp", k.expires().getEpochSecond());
        }
        a.put("created", k.created().getEpochSecond());
        a.put("updated", k.updated().getEpochSecond());
        a.put("recoveryLevel", k.recoveryLevel());
        a.put("recoverableDays", 90);
        return a;
    }

    /** {@code az keyvault key show}. */
    Map<String, Object> azShow(LabKey k) {
        Map<String, Object> key = new TreeMap<>();
        for (String absent : List.of("crv", "d", "dp", "dq", "k", "p", "q", "qi", "t", "x", "y")) {
            key.put(absent, null);
        }
        key.put("e", RSA_PUBLIC_EXPONENT);
        key.put("keyOps", k.keyOps());
        key.put("kid", k.kid());
        key.put("kty", k.keyType());
        key.put("n", modulus(k.modulusBits()));
        Map<String, Object> shown = new TreeMap<>();
        shown.put("attributes", azAttributes(k));
        shown.put("key", key);
        shown.put("managed", null);
        shown.put("releasePolicy", null);
        shown.put("tags", Map.of("purpose", "cmk"));
        return shown;
    }

    /** One element of {@code az keyvault key list-versions}: no key material. */
    private Map<String, Object> azListItem(LabKey k) {
        Map<String, Object> item = new TreeMap<>();
        item.put("attributes", azAttributes(k));
        item.put("kid", k.kid());
        item.put("managed", null);
        item.put("name", k.name());
        item.put("tags", Map.of("purpose", "cmk"));
        return item;
    }

    private static Map<String, Object> azAttributes(LabKey k) {
        Map<String, Object> a = new TreeMap<>();
        a.put("created", azTime(k.created()));
        a.put("enabled", k.enabled());
        a.put("expires", azTime(k.expires()));
        a.put("exportable", false);
        a.put("hsmPlatform", k.keyType().endsWith("-HSM") ? "2" : null);
        a.put("notBefore", null);
        a.put("recoverableDays", 90);
        a.put("recoveryLevel", k.recoveryLevel());
        a.put("updated", azTime(k.updated()));
        return a;
    }

    private static String azTime(Instant t) {
        return t == null ? null : AZ_TIME.format(t);
    }

    /** Base64url of a random modulus of exactly {@code bits} bits: the top bit set, as in a real RSA key. */
    private String modulus(int bits) {
        byte[] n = new byte[bits / 8];
        random.nextBytes(n);
        n[0] |= (byte) 0x80;
        n[n.length - 1] |= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    }
}
