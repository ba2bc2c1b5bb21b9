package com.cmkverifier.functions;

import com.azure.data.tables.TableServiceClientBuilder;
import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.evidence.live.QuotaGate;
import com.cmkverifier.evidence.live.QuotaSettings;
import com.cmkverifier.evidence.live.SubscriptionCeiling;
import com.cmkverifier.evidence.live.ThrottledHttpClient;
import com.cmkverifier.state.TableQuotaStore;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.WireServer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A worker process's live evidence as production wires it ({@link AppContext#liveEvidence}), pointed at the
 * fakes: one gate over the shared Azurite quota table, the real Key Vault and Logs clients behind
 * {@link ThrottledHttpClient}, and Key Vault reads that learn their vaults' subscriptions from Resource Graph
 * and keep within the subscriptions' ceiling too. Only the credential and the hosts differ.
 */
final class WorkerEvidence {

    private WorkerEvidence() {
    }

    static EvidenceSources of(LiveSettings settings, String storage, String quotaTable, QuotaSettings quotas,
                              Map<String, String> vaultEndpoints, URI graphEndpoint) {
        QuotaGate gate = new QuotaGate(new TableQuotaStore(new TableServiceClientBuilder().connectionString(storage)
                .buildClient().getTableClient(quotaTable)), quotas, Clock.systemUTC());
        LiveSources live = LiveSources.create(settings, new DummyCredential(), WireServer.trustingClient(),
                VaultEndpoints.overriding(vaultEndpoints), gate);
        LiveDiscovery discovery = new LiveDiscovery(new DummyCredential(),
                ThrottledHttpClient.resourceManager(WireServer.trustingClient(), gate), WireServer.retries(3),
                graphEndpoint, WorkerEvidence::sleep);
        return AppContext.evidenceOf(live.auditLogs(), new SubscriptionCeiling(live.keyMetadata(), gate,
                discovery::vaultSubscriptions, System.err::println));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
