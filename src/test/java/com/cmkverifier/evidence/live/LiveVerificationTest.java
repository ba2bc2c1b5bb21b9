package com.cmkverifier.evidence.live;

import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.SampleRecords;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep of 500 resources on 200 keys in 40 vaults, logging to 3 workspaces, verified through the real SDK
 * clients against the wire-level fakes, and through the core directly on the same records and key metadata.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveVerificationTest {

    private static final Instant AT = Instant.parse("2024-05-02T00:00:00Z");
    private static final Window WINDOW = Window.ending(AT, Duration.ofHours(24));
    private static final List<String> WORKSPACES = List.of("0a000000-0000-0000-0000-000000000000",
            "0b000000-0000-0000-0000-000000000000", "0c000000-0000-0000-0000-000000000000");
    private static final int VAULTS = 40;
    private static final int KEYS = 200;
    private static final int RESOURCES = 500;
    private static final int BATCH = 25;
    private static final int SILENT_VAULT = 39;
    private static final int DELETED_KEY = 42;
    private static final int FORBIDDEN_KEY = 77;
    private static final String STRANGER = "bbbbbbbb-0000-0000-0000-000000000000";

    private final FakeKeyVault vault = new FakeKeyVault();
    private final FakeLogAnalytics logs = new FakeLogAnalytics();
    private final List<KeyId> keys = new ArrayList<>();
    private final Map<KeyId, KeyLookup> lookups = new HashMap<>();
    private final Map<String, List<AuditRecord>> recordsByWorkspace = new HashMap<>();
    private final List<ProtectedResource> resources = new ArrayList<>();
    private VerificationReport live;
    private VerificationReport direct;

    private static String host(int vaultIndex) {
        return String.format(Locale.ROOT, "kv-%02d.vault.azure.net", vaultIndex);
    }

    private static String workspaceOf(KeyId key) {
        return WORKSPACES.get(Integer.parseInt(key.vaultName().substring(3)) % WORKSPACES.size());
    }

    @BeforeAll
    void sweepBothWays() {
        for (int k = 0; k < KEYS; k++) {
            storeKey(k);
        }
        for (int i = 0; i < RESOURCES; i++) {
            addResource(i);
        }
        recordsByWorkspace.forEach(logs::records);
        Registry registry = new Registry(resources);
        Map<String, String> endpoints = new HashMap<>();
        for (int v = 0; v < VAULTS; v++) {
            endpoints.put(host(v), vault.endpointFor(host(v)));
        }
        LiveSources sources = LiveSources.create(new LiveSettings(URI.create(logs.endpoint()), Duration.ofMinutes(3),
                        Duration.ofSeconds(30), BATCH, 8, 1, Duration.ofMillis(10)), new DummyCredential(),
                WireServer.trustingClient(), VaultEndpoints.overriding(endpoints));
        live = new VerificationService(sources.auditLogs(), sources.keyMetadata(), VerificationSettings.DEFAULTS)
                .verify(registry, resources, WINDOW, AT);
        AuditLogSource records = (rs, w) -> {
            AuditActivityBuilder b = new AuditActivityBuilder(w, k -> true);
            recordsByWorkspace.values().forEach(list -> list.forEach(b::accept));
            return b.build();
        };
        KeyMetadataSource metadata = (key, pinned) -> lookups.get(key);
        direct = new VerificationService(records, metadata, VerificationSettings.DEFAULTS)
                .verify(registry, resources, WINDOW, AT);
    }

    @AfterAll
    void stop() {
        vault.close();
        logs.close();
    }

    /** Two versions; every 17th key's latest is disabled; some keys are missing, one deleted, one forbidden. */
    private void storeKey(int k) {
        KeyId key = new KeyId(host(k % VAULTS), "cmk-" + k);
        keys.add(key);
        KeyVersion v1 = SampleKeys.rsa(1, AT.minus(Duration.ofDays(30)));
        KeyVersion v2 = SampleKeys.rsa(2, AT.minus(Duration.ofDays(10)));
        List<KeyVersion> versions = List.of(v1, k % 17 == 0 ? SampleKeys.disabled(v2) : v2);
        if (k % 23 == 5) {
            lookups.put(key, new KeyLookup.NotFound("absent"));
        } else if (k == DELETED_KEY) {
            vault.softDelete(key, AT.minus(Duration.ofDays(1)), versions);
            lookups.put(key, new KeyLookup.Deleted(AT.minus(Duration.ofDays(1)), "deleted"));
        } else if (k == FORBIDDEN_KEY) {
            vault.put(key, versions).forbid(key);
            lookups.put(key, new KeyLookup.Unavailable("forbidden"));
        } else {
            vault.put(key, versions);
            lookups.put(key, new KeyLookup.Found(versions, true));
        }
    }

    /** Resource i on key i % 200, pinned every 7th; its identity's activity follows i % 5. */
    private void addResource(int i) {
        KeyId key = keys.get(i % KEYS);
        String principal = String.format(Locale.ROOT, "aaaaaaaa-0000-0000-0000-%012d", i);
        String pinned = i % 7 == 0 ? SampleKeys.version(1) : null;
        resources.add(new ProtectedResource("res-" + i, "Microsoft.Storage/storageAccounts", null,
                new KeyReference(key.vaultHost(), key.keyName(), pinned), principal, null, null, workspaceOf(key),
                null, null, null));
        String used = pinned != null || i % 5 == 4 ? SampleKeys.version(1) : SampleKeys.version(2);
        List<AuditRecord> recs = new ArrayList<>();
        switch (i % 5) {
            case 1 -> recs.add(SampleRecords.unwrap(AT.minusSeconds(3600), key, used, principal, 200));
            case 2 -> recs.add(SampleRecords.unwrap(AT.minusSeconds(7200), key, used, principal, 403));
            case 3 -> {
                recs.add(SampleRecords.unwrap(AT.minusSeconds(10_800), key, used, principal, 403));
                recs.add(SampleRecords.unwrap(AT.minusSeconds(3600), key, used, principal, 200));
            }
            case 4 -> recs.add(SampleRecords.unwrap(AT.minusSeconds(1800), key, used, principal, 200));
            default -> recs.add(SampleRecords.vaultGet(AT.minusSeconds(60), key.vaultName()));
        }
        if (i % 11 == 0) {
            recs.add(SampleRecords.unwrap(AT.minusSeconds(900), key, SampleKeys.version(2), STRANGER, 200));
        }
        recs.add(SampleRecords.unwrap(AT.minus(Duration.ofDays(3)), key, used, principal, 200));
        if (!key.vaultName().equals(String.format(Locale.ROOT, "kv-%02d", SILENT_VAULT))) {
            recordsByWorkspace.computeIfAbsent(workspaceOf(key), w -> new ArrayList<>()).addAll(recs);
        }
    }

    private static Map<String, String> outcomes(VerificationReport report) {
        Map<String, String> out = new TreeMap<>();
        for (Verdict v : report.verdicts()) {
            out.put(v.resource(), v.status() + " " + v.findings().stream().map(f -> f.code().name()).toList()
                    + " " + v.keyVersions());
        }
        return out;
    }

    @Test
    void verdictsThroughTheLivePathEqualTheCoreOnTheSameEvidence() {
        assertEquals(outcomes(direct), outcomes(live));
    }

    @Test
    void sweepCoversEveryVerdictStatus() {
        for (VerdictStatus s : VerdictStatus.values()) {
            assertTrue(live.summary().get(s) > 0, s + " in " + live.summary());
        }
    }

    @Test
    void sweepReadsEachDistinctKeyOnceWithOneVersionListing() {
        for (KeyId key : keys) {
            assertEquals(1, vault.requests(key, "get"), key.toString());
            assertTrue(vault.requests(key, "versions") <= 1, key.toString());
        }
    }

    @Test
    void sweepQueriesEachWorkspaceOncePerBatchPlusOneNamesQuery() {
        for (String ws : WORKSPACES) {
            long keysInWs = keys.stream().filter(k -> workspaceOf(k).equals(ws)).count();
            assertEquals((keysInWs + BATCH - 1) / BATCH, logs.queries(ws, "activity"), ws);
            assertTrue(logs.queries(ws, "names") <= 1, ws);
        }
        assertEquals(Set.of(), Set.copyOf(live.verdicts().stream().filter(v -> v.findings().stream()
                .anyMatch(f -> f.message().contains("Log Analytics workspace"))).map(Verdict::resource).toList()));
    }
}
