package com.cmkverifier.functions;

import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.evidence.offline.auditlog.OfflineAuditLogSource;
import com.cmkverifier.evidence.offline.keys.OfflineKeyMetadataSource;
import com.cmkverifier.evidence.offline.auditlog.ReadProgress;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evidence as exported files, read by the offline sources: Key Vault REST key bundles (one enabled RSA 2048
 * version per key, written up front) and an archive blob of audit JSON Lines that grows as records "land".
 * {@link #failing} makes the log source throw, as a broken adapter would.
 */
final class TestEvidence implements EvidenceSources {

    static final String VERSION = "0123456789abcdef0123456789abcdef";
    private static final long CREATED = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    /** A 2048-bit modulus: only its length matters to the rules. */
    private static final String MODULUS = Base64.getUrlEncoder().withoutPadding().encodeToString(filled(256));

    private final Path keys;
    private final Path archive;
    private final ArrayNode bundles = JsonNodeFactory.instance.arrayNode();
    final AtomicInteger logReads = new AtomicInteger();
    volatile boolean failing;
    /**
     * When set, every log read waits here for the other copy of a check, at most {@link #GATE_WAIT}: copies
     * that both got past the run's guards meet inside the check; a copy turned away before reading never
     * comes, and the one that did goes on alone.
     */
    volatile CyclicBarrier gate;
    static final long GATE_WAIT = 5;
    /** When set, runs inside every log read: what happens elsewhere while a check is in flight. */
    volatile Runnable duringRead;

    TestEvidence(Path dir, List<String> keyUrls) {
        keys = dir.resolve("keys.json");
        archive = dir.resolve("insights-logs-auditevent/y=2025/m=03/d=01/h=10/m=00/PT1H.json");
        for (String url : keyUrls) {
            bundle(url, VERSION, CREATED);
        }
        try {
            Files.createDirectories(archive.getParent());
            Files.writeString(archive, "");
            Files.writeString(keys, bundles.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void bundle(String url, String version, long created) {
        ObjectNode b = bundles.addObject();
        b.putObject("key").put("kid", KeyReference.parse(url).url() + "/" + version).put("kty", "RSA")
                .put("n", MODULUS).put("e", "AQAB").putArray("key_ops").add("wrapKey").add("unwrapKey");
        b.putObject("attributes").put("enabled", true).put("created", created).put("updated", created)
                .put("recoveryLevel", "Recoverable");
    }

    /** Adds an enabled version of the key created at {@code created}, as a rotation would. */
    void addVersion(String keyUrl, String version, Instant created) {
        bundle(keyUrl, version, created.getEpochSecond());
        try {
            Files.writeString(keys, bundles.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xC5);
        return b;
    }

    /** Appends a successful unwrap of the key by {@code principalId} at {@code at} to the archive blob. */
    void unwrap(String keyUrl, String principalId, Instant at) {
        unwrap(keyUrl, principalId, at, VERSION);
    }

    /** Appends a successful unwrap of {@code version} of the key by {@code principalId} at {@code at}. */
    void unwrap(String keyUrl, String principalId, Instant at, String version) {
        String kid = KeyReference.parse(keyUrl).url() + "/" + version;
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("time", at.toString()).put("category", "AuditEvent").put("operationName", "KeyUnwrap")
                .put("resultType", "Success").put("resultSignature", "OK")
                .put("resourceId", "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG-KEYS"
                        + "/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/" + KeyReference.parse(keyUrl).vaultName().toUpperCase());
        r.putObject("identity").putObject("claim").put("oid", principalId);
        r.putObject("properties").put("id", kid).put("requestUri", kid + "/unwrapkey?api-version=7.4")
                .put("httpStatusCode", 200);
        try {
            Files.writeString(archive, r + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public AuditLogSource auditLogs() {
        OfflineAuditLogSource files = new OfflineAuditLogSource(List.of(archive.getParent()), ReadProgress.NONE);
        return (resources, window) -> {
            logReads.incrementAndGet();
            if (gate != null) {
                try {
                    gate.await(GATE_WAIT, TimeUnit.SECONDS);
                } catch (TimeoutException | BrokenBarrierException e) {
                    // the other copy was turned away before reading: this one goes on alone
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted inside a check", e);
                }
            }
            if (duringRead != null) {
                duringRead.run();
            }
            if (failing) {
                throw new IllegalStateException("log source down");
            }
            return files.read(resources, window);
        };
    }

    @Override
    public KeyMetadataSource keyMetadata() {
        return OfflineKeyMetadataSource.read(List.of(keys));
    }
}
