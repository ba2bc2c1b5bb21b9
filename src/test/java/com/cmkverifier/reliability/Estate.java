package com.cmkverifier.reliability;

import com.azure.core.credential.TokenCredential;
import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.SampleRecords;
import com.cmkverifier.testing.wire.WireServer;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A small estate behind the wire-level fakes: resource i uses key {@code cmk-i} in vault {@code kv-i}, logs to
 * one of two workspaces, and its identity unwrapped the key an hour ago. Without faults every resource is
 * VERIFIED, so any other verdict is the fault's doing.
 */
public final class Estate implements AutoCloseable {

    public static final Instant AT = Instant.parse("2024-05-02T00:00:00Z");
    static final Window WINDOW = Window.ending(AT, Duration.ofHours(24));
    static final List<String> WORKSPACES = List.of("0a000000-0000-0000-0000-000000000000",
            "0b000000-0000-0000-0000-000000000000");

    public final FakeKeyVault vault = new FakeKeyVault();
    public final FakeLogAnalytics logs = new FakeLogAnalytics();
    final List<ProtectedResource> resources = new ArrayList<>();

    public Estate(int size) {
        Map<String, List<AuditRecord>> records = new HashMap<>();
        for (int i = 0; i < size; i++) {
            KeyId key = key(i);
            vault.put(key, List.of(SampleKeys.rsa(1, AT.minus(Duration.ofDays(30)))));
            String principal = String.format(Locale.ROOT, "aaaaaaaa-0000-0000-0000-%012d", i);
            resources.add(new ProtectedResource("res-" + i, "Microsoft.Storage/storageAccounts", null,
                    new KeyReference(key.vaultHost(), key.keyName(), null), principal, null, null, workspace(i),
                    null, null, null));
            records.computeIfAbsent(workspace(i), w -> new ArrayList<>())
                    .add(SampleRecords.unwrap(AT.minusSeconds(3600), key, SampleKeys.version(1), principal, 200));
        }
        records.forEach(logs::records);
    }

    static KeyId key(int i) {
        return new KeyId(String.format(Locale.ROOT, "kv-%02d.vault.azure.net", i), "cmk-" + i);
    }

    public static String workspace(int i) {
        return WORKSPACES.get(i % WORKSPACES.size());
    }

    /** Requests for key {@code i}'s vault, to aim Key Vault faults at. */
    public static Predicate<Received> vaultOf(int i) {
        return r -> r.authenticated() && r.path().startsWith("/" + key(i).vaultHost() + "/");
    }

    /** Activity queries (not the optional names query) for a workspace. */
    public static Predicate<Received> activityQueriesOf(String workspaceId) {
        return r -> FakeLogAnalytics.isFor(r, workspaceId) && !r.body().contains("AADManagedIdentitySignInLogs");
    }

    /** Live sources as production builds them, with near-zero back-off so retries cost no waiting. */
    public LiveSources sources(int maxRetries, Duration keyVaultTimeout, Duration queryTimeout, TokenCredential credential) {
        return sources(new LiveSettings(URI.create(logs.endpoint()), queryTimeout, keyVaultTimeout, 200, 8,
                maxRetries, Duration.ofMillis(1)), credential);
    }

    /** Live sources as production builds them from {@code settings}, against this estate's fakes. */
    public LiveSources sources(LiveSettings settings, TokenCredential credential) {
        Map<String, String> endpoints = new HashMap<>();
        for (ProtectedResource r : resources) {
            endpoints.put(r.key().vaultHost(), vault.endpointFor(r.key().vaultHost()));
        }
        return LiveSources.create(settings, credential, WireServer.trustingClient(),
                VaultEndpoints.overriding(endpoints));
    }

    LiveSources sources(int maxRetries) {
        return sources(maxRetries, Duration.ofSeconds(10), Duration.ofSeconds(30), new DummyCredential());
    }

    public VerificationReport verify(LiveSources sources) {
        return new VerificationService(sources.auditLogs(), sources.keyMetadata(), VerificationSettings.DEFAULTS)
                .verify(new Registry(resources), resources, WINDOW, AT);
    }

    /** Resource name to status, for comparing whole sweeps. */
    static Map<String, VerdictStatus> statuses(VerificationReport report) {
        Map<String, VerdictStatus> out = new TreeMap<>();
        for (Verdict v : report.verdicts()) {
            out.put(v.resource(), v.status());
        }
        return out;
    }

    static Verdict verdictOf(VerificationReport report, int i) {
        return report.verdicts().stream().filter(v -> v.resource().equals("res-" + i)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        vault.close();
        logs.close();
    }
}
