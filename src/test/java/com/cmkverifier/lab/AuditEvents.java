package com.cmkverifier.lab;

import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Makes audit events the way Key Vault logs each kind of call (request URI with its operation suffix and
 * {@code ?api-version=}, the object id the answer names) and hands them to a sink: a list for the sample lab,
 * a blob file for synthetic evidence.
 */
final class AuditEvents {

    static final String API = "7.4";
    private static final String ARM_API = "2023-07-01";
    private static final Map<String, String> SUFFIX = Map.of("KeyUnwrap", "/unwrapkey", "KeyWrap", "/wrapkey",
            "KeyDecrypt", "/decrypt", "KeySign", "/sign", "KeyGet", "", "KeyUpdate", "");

    private final Random random;
    private final Consumer<AuditEvent> sink;

    AuditEvents(Random random, Consumer<AuditEvent> sink) {
        this.random = random;
        this.sink = sink;
    }

    /** An operation on one key version: {@code KeyUnwrap}, {@code KeyWrap}, {@code KeyDecrypt}, {@code KeySign}, ... */
    void keyOp(Instant t, LabKey k, CallerIdentity c, String op, int status, String description) {
        String uri = k.kid() + SUFFIX.get(op);
        challengeSometimes(t, k.vault(), uri, c);
        add(t, k.vault(), op, API, status, description, c, k.kid(), uri + "?api-version=" + API);
    }

    /** A versionless read: the answer, and so the record's id, names the current version. */
    void keyGet(Instant t, LabKey k, CallerIdentity c) {
        if (!k.enabled() && !t.isBefore(k.updated())) {
            return; // whether a disabled key can still be read is not in our sources: the lab does not guess
        }
        challengeSometimes(t, k.vault(), k.versionlessUrl() + "/", c);
        add(t, k.vault(), "KeyGet", API, 200, null, c, k.kid(), k.versionlessUrl() + "/?api-version=" + API);
    }

    void keyRotate(Instant t, LabKey newVersion, CallerIdentity c) {
        add(t, newVersion.vault(), "KeyRotate", API, 200, null, c, newVersion.kid(),
                newVersion.versionlessUrl() + "/rotate?api-version=" + API);
    }

    void secretGet(Instant t, Vault v, String name, CallerIdentity c, int status) {
        String secret = v.url() + "/secrets/" + name;
        challengeSometimes(t, v, secret + "/", c);
        add(t, v, "SecretGet", API, status, status == 404 ? "Secret not found: " + name : null, c,
                status == 404 ? secret : secret + "/" + Identifiers.keyVersion(secret), secret + "/?api-version=" + API);
    }

    void listKeys(Instant t, Vault v, CallerIdentity c) {
        add(t, v, "KeyList", API, 200, null, c, v.url() + "/keys", v.url() + "/keys?api-version=" + API);
    }

    /** Vault reads come through ARM's control plane, with ARM's api-version. */
    void vaultGet(Instant t, Vault v, CallerIdentity c) {
        add(t, v, "VaultGet", ARM_API, 200, null, c, v.url() + "/",
                "https://control-prod-weu.vaultcore.azure.net" + v.armId() + "?api-version=" + ARM_API);
    }

    /** The bearer challenge a client without a cached token gets: a 401 with an empty identity. */
    void challenge(Instant t, Vault v, String path, CallerIdentity c) {
        add(t, v, "Authentication", API, 401, null, CallerIdentity.anonymous(c.ipAddress(), c.clientInfo()),
                path, path + "?api-version=" + API);
    }

    /** One call in five starts without a cached token. */
    private void challengeSometimes(Instant t, Vault v, String path, CallerIdentity c) {
        if (random.nextInt(5) == 0) {
            challenge(t.minusMillis(40 + random.nextInt(200)), v, path, c);
        }
    }

    private void add(Instant t, Vault v, String op, String version, int status, String description, CallerIdentity c,
                     String id, String uri) {
        sink.accept(new AuditEvent(t, v, op, version, status, description, c, id, uri, 3 + random.nextInt(60),
                Identifiers.randomGuid(random)));
    }
}
