package com.cmkverifier.functions;

import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Evidence held in memory: audit records the test adds as they "land", and every key present with one enabled
 * RSA 2048 version that may unwrap. {@link #failing} makes the log source throw, as a broken adapter would.
 */
final class TestEvidence implements EvidenceSources {

    static final String VERSION = "0123456789abcdef0123456789abcdef";
    private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();
    final AtomicInteger logReads = new AtomicInteger();
    volatile boolean failing;

    /** A successful unwrap of the resource's key by its registered principal at {@code at}. */
    void unwrap(String keyUrl, String principalId, Instant at) {
        KeyReference key = KeyReference.parse(keyUrl);
        records.add(new AuditRecord(at, "KeyUnwrap", 200, "OK", null, key.vaultName(), key.keyId(), VERSION,
                new Caller(principalId, null, null)));
    }

    @Override
    public AuditLogSource auditLogs() {
        return (resources, window) -> {
            logReads.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("log source down");
            }
            Set<KeyId> keys = resources.stream().map(ProtectedResource::key).map(KeyReference::keyId)
                    .collect(Collectors.toSet());
            AuditActivityBuilder b = new AuditActivityBuilder(window, keys::contains);
            records.forEach(b::accept);
            return b.build();
        };
    }

    @Override
    public KeyMetadataSource keyMetadata() {
        return (key, pinned) -> new KeyLookup.Found(List.of(new KeyVersion(VERSION, true, null, null, CREATED, CREATED,
                "Recoverable", "RSA", 2048, List.of("wrapKey", "unwrapKey"))), true, null);
    }
}
