package com.cmkverifier.testing.wire;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyVersion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key Vault's keys REST API (7.x) on a local HTTPS server, for many vaults at once: vault host {@code h} lives
 * under path {@code /h}, so one server answers for every vault of a test. Speaks the documented wire format:
 * the 401 bearer challenge first, key bundles with {@code key.kid/kty/key_ops/n} and epoch-second attributes,
 * version listings paged through {@code nextLink}, rotation policies, deleted-key bundles, error objects, and
 * {@code PATCH /keys/{name}/{version}} (Update Key) of {@code attributes.enabled}, answering the updated bundle.
 */
public final class FakeKeyVault implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile(
            "/([^/]+)/(keys|deletedkeys)/([^/]+)(?:/([^/]*))?/?");

    private final Map<KeyId, List<KeyVersion>> keys = new ConcurrentHashMap<>();
    private final Map<KeyId, Instant> deleted = new ConcurrentHashMap<>();
    private final Map<KeyId, String> rotationPolicies = new ConcurrentHashMap<>();
    private final Set<KeyId> forbidden = ConcurrentHashMap.newKeySet();
    /** Tags per version ("{vault}/{key}/{version}"): Key Vault keeps tags on each version, not on the key. */
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();
    private final Set<String> firewalled = ConcurrentHashMap.newKeySet();
    private final int pageSize;
    private final WireServer server;
    private volatile KeyVaultLimits limits;

    public FakeKeyVault(int pageSize) {
        this.pageSize = pageSize;
        this.server = WireServer.start(this::answer);
    }

    public FakeKeyVault() {
        this(2);
    }

    public WireServer server() {
        return server;
    }

    /** Where the SDK should send requests for {@code vaultHost}. */
    public String endpointFor(String vaultHost) {
        return server.baseUrl() + "/" + vaultHost;
    }

    /** Stores a key; each version must be detailed (type, operations), as in a real vault. */
    public FakeKeyVault put(KeyId key, List<KeyVersion> versions) {
        keys.put(key, List.copyOf(versions));
        return this;
    }

    public FakeKeyVault softDelete(KeyId key, Instant when, List<KeyVersion> versions) {
        deleted.put(key, when);
        keys.put(key, List.copyOf(versions));
        return this;
    }

    public FakeKeyVault rotationPolicy(KeyId key, String timeAfterCreate) {
        rotationPolicies.put(key, timeAfterCreate);
        return this;
    }

    /** Counts every request against {@code limits} and answers 429 beyond them, as Key Vault throttles. */
    public FakeKeyVault enforce(KeyVaultLimits limits) {
        this.limits = limits;
        return this;
    }

    /** Answers 403 for every request on this key: the verifier lacks a role. */
    public FakeKeyVault forbid(KeyId key) {
        forbidden.add(key);
        return this;
    }

    /** The clock Update Key stamps {@code attributes.updated} with (tests pass their hand-moved one). */
    public FakeKeyVault clock(java.time.Clock c) {
        clock = c;
        return this;
    }

    /** The version's tags as the vault holds them now. */
    public Map<String, String> tags(KeyId key, String version) {
        return Map.copyOf(tags.getOrDefault(tagKey(key, version), Map.of()));
    }

    public FakeKeyVault tag(KeyId key, String version, Map<String, String> t) {
        tags.put(tagKey(key, version), Map.copyOf(t));
        return this;
    }

    private static String tagKey(KeyId key, String version) {
        return key.vaultHost() + "/" + key.keyName().toLowerCase(java.util.Locale.ROOT) + "/" + version;
    }

    /**
     * The vault's network rules (or a private endpoint with public access disabled) do not admit the caller:
     * every signed-in request is answered 403 with {@code innererror.code} ForbiddenByFirewall. The body's shape
     * and text are the ones Key Vault returns, as quoted in hashicorp/packer-plugin-azure#384 and
     * MicrosoftDocs/azure-docs#52649 (Client address, Caller and Vault lines, CRLF-separated).
     */
    public FakeKeyVault firewall(String vaultHost) {
        firewalled.add(vaultHost);
        return this;
    }

    /** The version as the vault holds it now (after any update). */
    public KeyVersion version(KeyId key, String version) {
        return keys.get(key).stream().filter(v -> v.version().equals(version)).findFirst().orElseThrow();
    }

    /**
     * Authenticated requests of one kind on one key: "get" (latest), "version", "versions", "rotationpolicy",
     * "deleted", "update" (PATCH of a version).
     */
    public long requests(KeyId key, String kind) {
        return server.count(r -> r.authenticated() && kind.equals(kindOf(r, key)));
    }

    public long authenticatedRequests() {
        return server.count(Received::authenticated);
    }

    /** Requests by kind over all keys: the kinds of {@link #requests}, and "challenge" for unauthenticated ones. */
    public Map<String, Long> requestsByKind() {
        Map<String, Long> out = new TreeMap<>();
        for (Received r : server.received()) {
            Matcher m = PATH.matcher(r.path());
            out.merge(!r.authenticated() ? "challenge" : !m.matches() ? "other"
                    : r.method().equals("PATCH") ? "update" : kindOf(m), 1L, Long::sum);
        }
        return out;
    }

    private static String kindOf(Received r, KeyId key) {
        Matcher m = PATH.matcher(r.path());
        if (!m.matches() || !m.group(1).equals(key.vaultHost()) || !m.group(3).equalsIgnoreCase(key.keyName())) {
            return null;
        }
        return r.method().equals("PATCH") ? "update" : kindOf(m);
    }

    private static String kindOf(Matcher m) {
        String tail = m.group(4);
        if (m.group(2).equals("deletedkeys")) {
            return "deleted";
        }
        if (tail == null || tail.isEmpty()) {
            return "get";
        }
        return tail.equals("versions") || tail.equals("rotationpolicy") ? tail : "version";
    }

    /**
     * Every answer carries the headers Key Vault sends, as in the recorded sessions of the Azure SDK for Java
     * ({@code sdk/keyvault/azure-security-keyvault-keys/src/test/resources/session-records/}, MIT).
     */
    private Reply answer(Received r) {
        return answerBody(r).withHeader("Cache-Control", "no-cache").withHeader("Pragma", "no-cache")
                .withHeader("Expires", "-1").withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("x-ms-keyvault-region", "westus").withHeader("x-ms-keyvault-service-version", "1.9.276.1")
                .withHeader("x-ms-request-id", java.util.UUID.randomUUID().toString());
    }

    private Reply answerBody(Received r) {
        Reply throttled = limits == null ? null : limits.admit(r.path().split("/")[1], weight(r));
        if (throttled != null) {
            return throttled;
        }
        if (!r.authenticated()) {
            // Key Vault answers an unauthenticated request with the challenge naming the tenant and resource.
            return Reply.error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.")
                    .withHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                            + "00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"");
        }
        Matcher m = PATH.matcher(r.path());
        boolean update = r.method().equals("PATCH") && m.matches() && kindOf(m).equals("version");
        if (!(r.method().equals("GET") || update) || !m.matches()) {
            return Reply.error(400, "BadParameter", "unsupported request " + r.method() + " " + r.path());
        }
        KeyId key = new KeyId(m.group(1), m.group(3));
        if (firewalled.contains(key.vaultHost())) {
            return Reply.json(403, "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Client address is not"
                    + " authorized and caller is not a trusted service.\\r\\nClient address: 203.0.113.7\\r\\nCaller:"
                    + " appid=00000000-0000-0000-0000-000000000002;oid=6f9e5a4c-1c1e-4b7e-9a59-6d1f0c2f4d11\\r\\n"
                    + "Vault: " + key.vaultName() + ";location=westeurope\",\"innererror\":{\"code\":"
                    + "\"ForbiddenByFirewall\"}}}");
        }
        if (forbidden.contains(key)) {
            return Reply.error(403, "Forbidden", "Caller is not authorized to perform action on resource.");
        }
        String kind = kindOf(r, key);
        if (kind.equals("deleted")) {
            // Recorded wording (KeyClientTest.getDeletedKey[1].json).
            return deleted.containsKey(key) ? Reply.json(200, deletedBundle(key))
                    : Reply.error(404, "KeyNotFound", "Deleted Key not found: " + key.keyName());
        }
        List<KeyVersion> versions = keys.get(key);
        if (versions == null || deleted.containsKey(key)) {
            return notFound(key);
        }
        return switch (kind) {
            case "update" -> update(key, m.group(4), r.body());
            case "get" -> Reply.json(200, write(bundle(key, newest(versions))));
            case "versions" -> Reply.json(200, page(key, versions, r.query()));
            case "rotationpolicy" -> rotationPolicy(key);
            default -> versions.stream().filter(v -> v.version().equals(r.path().substring(r.path().lastIndexOf('/') + 1)))
                    .findFirst().map(v -> Reply.json(200, write(bundle(key, v))))
                    .orElseGet(() -> notFound(key));
        };
    }

    /** What the request costs in {@link KeyVaultLimits} units: by the type of the key it names. */
    private int weight(Received r) {
        Matcher m = PATH.matcher(r.path());
        List<KeyVersion> versions = m.matches() ? keys.get(new KeyId(m.group(1), m.group(3))) : null;
        return KeyVaultLimits.weight(versions == null ? null : newest(versions));
    }

    /**
     * Update Key: {@code attributes.enabled} and {@code tags} are applied, {@code attributes.updated} is set to
     * now; a body with {@code tags} replaces all the version's tags (REST "Update Key": {@code tags} is
     * "application specific metadata in the form of key-value pairs"). More than 15 tags, a name over 512 or a
     * value over 256 characters is refused with 400 as Key Vault does ("About keys, secrets and certificates":
     * object tags).
     */
    private Reply update(KeyId key, String version, String body) {
        JsonNode enabled;
        JsonNode newTags;
        try {
            JsonNode req = JSON.readTree(body);
            enabled = req.path("attributes").path("enabled");
            newTags = req.path("tags");
        } catch (JsonProcessingException e) {
            return Reply.error(400, "BadParameter", "The request body is not valid JSON.");
        }
        if (newTags.isObject()) {
            if (newTags.size() > 15) {
                return Reply.error(400, "BadParameter", "The number of tags exceeds the maximum of 15.");
            }
            for (Map.Entry<String, JsonNode> t : newTags.properties()) {
                if (t.getKey().length() > 512 || t.getValue().asText().length() > 256) {
                    return Reply.error(400, "BadParameter", "Tag name or value too long: " + t.getKey());
                }
            }
        }
        List<KeyVersion> updated = new ArrayList<>();
        KeyVersion changed = null;
        Instant now = clock.instant();
        for (KeyVersion v : keys.get(key)) {
            if (v.version().equals(version)) {
                v = new KeyVersion(v.version(), enabled.isBoolean() ? enabled.asBoolean() : v.enabled(),
                        v.notBefore(), v.expires(), v.created(), now, v.recoveryLevel(), v.keyType(),
                        v.keySizeBits(), v.keyOps());
                changed = v;
            }
            updated.add(v);
        }
        if (changed == null) {
            return notFound(key);
        }
        if (newTags.isObject()) {
            Map<String, String> t = new LinkedHashMap<>();
            newTags.properties().forEach(e -> t.put(e.getKey(), e.getValue().asText()));
            tags.put(tagKey(key, version), Map.copyOf(t));
        }
        keys.put(key, List.copyOf(updated));
        return Reply.json(200, write(bundle(key, changed)));
    }

    private static KeyVersion newest(List<KeyVersion> versions) {
        return versions.stream().max(Comparator.comparing(KeyVersion::created)).orElseThrow();
    }

    private static Reply notFound(KeyId key) {
        // Recorded wording (KeyClientTest.getKeyNotFound[1].json).
        return Reply.error(404, "KeyNotFound", "A key with (name/id) " + key.keyName() + " was not found in"
                + " this key vault. If you recently deleted this key you may be able to recover it using the correct"
                + " recovery command. For help resolving this issue, please see"
                + " https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    private Reply rotationPolicy(KeyId key) {
        String after = rotationPolicies.get(key);
        if (after == null) {
            // A key that never had a policy set: the recorded answer verbatim, without id, attributes null
            // (KeyClientTest.getKeyRotationPolicyWithNoPolicySet[1].json).
            return Reply.json(200, RecordedAnswers.text("keyvault-rotation-policy-none-set.json"));
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("id", "https://" + key.vaultHost() + "/keys/" + key.keyName() + "/rotationpolicy");
        policy.put("lifetimeActions",
                List.of(Map.of("trigger", Map.of("timeAfterCreate", after), "action", Map.of("type", "Rotate"))));
        policy.put("attributes", Map.of("expiryTime", "P2Y", "created", 1_700_000_000L, "updated", 1_700_000_000L));
        return Reply.json(200, write(policy));
    }

    private String page(KeyId key, List<KeyVersion> versions, String query) {
        int start = 0;
        if (query != null) {
            Matcher skip = Pattern.compile("\\$skiptoken=(\\d+)").matcher(query);
            start = skip.find() ? Integer.parseInt(skip.group(1)) : 0;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = start; i < Math.min(versions.size(), start + pageSize); i++) {
            KeyVersion v = versions.get(i);
            items.add(Map.of("kid", kid(key, v), "attributes", attributes(v), "tags",
                    tags.getOrDefault(tagKey(key, v.version()), Map.of())));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("value", items);
        page.put("nextLink", start + pageSize < versions.size()
                ? endpointFor(key.vaultHost()) + "/keys/" + key.keyName() + "/versions?api-version=7.5&$skiptoken="
                + (start + pageSize) : null);
        return write(page);
    }

    private String deletedBundle(KeyId key) {
        Map<String, Object> b = bundle(key, newest(keys.get(key)));
        long when = deleted.get(key).getEpochSecond();
        b.put("recoveryId", "https://" + key.vaultHost() + "/deletedkeys/" + key.keyName());
        b.put("deletedDate", when);
        b.put("scheduledPurgeDate", when + 90L * 86_400);
        return write(b);
    }

    private Map<String, Object> bundle(KeyId key, KeyVersion v) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", kid(key, v));
        jwk.put("kty", v.keyType());
        jwk.put("key_ops", v.keyOps());
        if (v.keyType().startsWith("RSA")) {
            byte[] n = new byte[v.keySizeBits() / 8];
            n[0] = (byte) 0xC5;
            n[n.length - 1] = 1;
            jwk.put("n", Base64.getUrlEncoder().withoutPadding().encodeToString(n));
            jwk.put("e", "AQAB");
        } else {
            jwk.put("crv", "P-256");
            jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
            jwk.put("y", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("key", jwk);
        b.put("attributes", attributes(v));
        b.put("tags", tags.getOrDefault(tagKey(key, v.version()), Map.of()));
        return b;
    }

    private static String kid(KeyId key, KeyVersion v) {
        return "https://" + key.vaultHost() + "/keys/" + key.keyName() + "/" + v.version();
    }

    private static Map<String, Object> attributes(KeyVersion v) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("enabled", v.isEnabled());
        putEpoch(a, "nbf", v.notBefore());
        putEpoch(a, "exp", v.expires());
        putEpoch(a, "created", v.created());
        putEpoch(a, "updated", v.updated());
        a.put("recoveryLevel", v.recoveryLevel());
        return a;
    }

    private static void putEpoch(Map<String, Object> a, String name, Instant t) {
        if (t != null) {
            a.put(name, t.getEpochSecond());
        }
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
