package com.cmkverifier.core.testdata;

import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;

import java.time.Duration;
import java.time.Instant;

/** Audit records for tests: by default a successful KeyUnwrap of the lab key's newest version by its identity. */
public final class RecordBuilder {

    private Instant time = Lab.AT.minus(Duration.ofHours(1));
    private String operation = "KeyUnwrap";
    private int status = 200;
    private String signature = "OK";
    private String description;
    private String vaultName = Lab.VAULT;
    private KeyId key = Lab.KEY;
    private String version = Lab.V_NEW;
    private Caller caller = Lab.IDENTITY;

    private RecordBuilder() {
    }

    public static RecordBuilder unwrap() {
        return new RecordBuilder();
    }

    public static RecordBuilder operation(String operation) {
        return new RecordBuilder().op(operation);
    }

    /** A 403 as Key Vault logs it; the reason phrase is misleading on purpose (only the status decides). */
    public static RecordBuilder forbidden(String operation) {
        return operation(operation).status(403).signature("OK").description("Caller is not authorized");
    }

    public RecordBuilder op(String op) {
        this.operation = op;
        return this;
    }

    public RecordBuilder at(Instant t) {
        this.time = t;
        return this;
    }

    public RecordBuilder hoursAgo(long hours) {
        return at(Lab.AT.minus(Duration.ofHours(hours)));
    }

    public RecordBuilder status(int s) {
        this.status = s;
        return this;
    }

    public RecordBuilder signature(String s) {
        this.signature = s;
        return this;
    }

    public RecordBuilder description(String d) {
        this.description = d;
        return this;
    }

    public RecordBuilder by(Caller c) {
        this.caller = c;
        return this;
    }

    public RecordBuilder version(String v) {
        this.version = v;
        return this;
    }

    /** A record about another key; its vault is the key's vault. */
    public RecordBuilder onKey(KeyId k) {
        this.key = k;
        this.vaultName = k.vaultName();
        return this;
    }

    /** A vault-level record (Authentication, VaultGet): no key. */
    public RecordBuilder noKey() {
        this.key = null;
        this.version = null;
        return this;
    }

    public RecordBuilder vault(String name) {
        this.vaultName = name;
        return this;
    }

    public AuditRecord build() {
        return new AuditRecord(time, operation, status, signature, description, vaultName, key, version, caller);
    }
}
