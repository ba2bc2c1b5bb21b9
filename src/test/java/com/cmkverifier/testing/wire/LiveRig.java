package com.cmkverifier.testing.wire;

import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;

import java.net.URI;
import java.time.Duration;

/**
 * A {@link Fleet} loaded into a fresh fake Key Vault and Logs API, each answering after a fixed latency, and
 * the live sources (real SDK clients) pointed at them, as a sweep in production would use them.
 */
public final class LiveRig implements AutoCloseable {

    /** Key Vault's largest page of a version listing. */
    private static final int PAGE_SIZE = 25;

    private final FakeKeyVault vault = new FakeKeyVault(PAGE_SIZE);
    private final FakeLogAnalytics logs = new FakeLogAnalytics();
    private final LiveSources sources;

    /**
     * @param batchSize      keys per log query
     * @param maxConcurrency Key Vault reads in flight at once
     */
    public LiveRig(Fleet fleet, int batchSize, int maxConcurrency, Duration keyVaultLatency, Duration logsLatency) {
        fleet.load(vault, logs);
        vault.server().latency(keyVaultLatency);
        logs.server().latency(logsLatency);
        LiveSettings settings = new LiveSettings(URI.create(logs.endpoint()), Duration.ofMinutes(3),
                Duration.ofSeconds(30), batchSize, maxConcurrency, 1, Duration.ofMillis(10));
        sources = LiveSources.create(settings, new DummyCredential(), WireServer.trustingClient(),
                VaultEndpoints.overriding(fleet.endpoints(vault)));
    }

    public VerificationService service() {
        return new VerificationService(sources.auditLogs(), sources.keyMetadata(), VerificationSettings.DEFAULTS);
    }

    public FakeKeyVault vault() {
        return vault;
    }

    public FakeLogAnalytics logs() {
        return logs;
    }

    @Override
    public void close() {
        vault.close();
        logs.close();
    }
}
