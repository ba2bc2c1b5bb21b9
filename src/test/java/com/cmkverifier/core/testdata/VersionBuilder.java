package com.cmkverifier.core.testdata;

import com.cmkverifier.core.model.KeyVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Key versions for tests: by default an enabled RSA 2048 version that permits wrap and unwrap, purge-protected. */
public final class VersionBuilder {

    private final String version;
    private Boolean enabled = true;
    private Instant notBefore;
    private Instant expires;
    private Instant created = Lab.AT.minus(Duration.ofDays(30));
    private String recoveryLevel = "Recoverable";
    private String keyType = "RSA";
    private Integer keySize = 2048;
    private List<String> keyOps = List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");

    private VersionBuilder(String version) {
        this.version = version;
    }

    public static VersionBuilder version(String version) {
        return new VersionBuilder(version);
    }

    /** The lab key's current version. */
    public static VersionBuilder newest() {
        return version(Lab.V_NEW);
    }

    /** The lab key's previous version, created 60 days before the evaluation time. */
    public static VersionBuilder previous() {
        return version(Lab.V_OLD).createdDaysAgo(60);
    }

    public VersionBuilder disabled() {
        this.enabled = false;
        return this;
    }

    public VersionBuilder notBefore(Instant t) {
        this.notBefore = t;
        return this;
    }

    public VersionBuilder expires(Instant t) {
        this.expires = t;
        return this;
    }

    public VersionBuilder created(Instant t) {
        this.created = t;
        return this;
    }

    public VersionBuilder createdDaysAgo(long days) {
        return created(Lab.AT.minus(Duration.ofDays(days)));
    }

    public VersionBuilder recoveryLevel(String level) {
        this.recoveryLevel = level;
        return this;
    }

    public VersionBuilder type(String kty, Integer size) {
        this.keyType = kty;
        this.keySize = size;
        return this;
    }

    public VersionBuilder ops(String... ops) {
        this.keyOps = List.of(ops);
        return this;
    }

    /** As a version listing describes it: dates and state, no type, size or operations. */
    public VersionBuilder listedOnly() {
        this.keyType = null;
        this.keySize = null;
        this.keyOps = null;
        return this;
    }

    public KeyVersion build() {
        return new KeyVersion(version, enabled, notBefore, expires, created, created, recoveryLevel, keyType, keySize,
                keyOps);
    }
}
