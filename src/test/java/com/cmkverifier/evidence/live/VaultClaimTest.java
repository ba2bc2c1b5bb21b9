package com.cmkverifier.evidence.live;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.TableQuotaStore;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch of key lookups tells the gate how many requests each vault is about to get, and the gate claims them
 * from the shared counter at once (the real Table client on Azurite, its requests counted) instead of
 * {@code claimSize} at a time; the counter's cap per slice still holds for every instance together.
 */
class VaultClaimTest {

    /**
     * One slice for the whole test: the gate never waits, and the count does not depend on timing (a gate short of
     * tokens would wait for a slice that never comes: hence the timeout, a guard, not a measurement).
     */
    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00.100Z");

    /** One key at a time, so that the client's bearer challenge is one request, not one per concurrent first read. */
    @Test
    @Timeout(120)
    void aVaultsKeysLookedUpTogetherCostOneClaimAndTheSliceCapStillHolds() {
        Fleet fleet = new Fleet(40, 1, 10, 1);
        String table = Azurite.uniqueName("quota");
        AtomicInteger quotaRequests = new AtomicInteger();
        TableClient counted = new TableClientBuilder().connectionString(Azurite.connection()).tableName(table)
                .addPolicy((context, next) -> {
                    quotaRequests.incrementAndGet();
                    return next.process();
                }).buildClient();
        QuotaGate gate = new QuotaGate(new TableQuotaStore(counted), QuotaSettings.DEFAULTS,
                Clock.fixed(NOW, ZoneOffset.UTC));
        quotaRequests.set(0);
        try (FakeKeyVault vault = new FakeKeyVault(25); FakeLogAnalytics logs = new FakeLogAnalytics()) {
            fleet.load(vault, logs);
            LiveSources sources = oneReadAtATime(fleet, vault, logs, gate);
            Map<KeyId, Set<String>> wanted = keysAndPinnedVersions(fleet);
            int pinned = wanted.values().stream().mapToInt(Set::size).sum();

            sources.keyMetadata().lookupAll(wanted);

            int reads = 2 * 10 + Fleet.keysPinnedToOlder(fleet.resources()).size();
            assertEquals(reads, vault.authenticatedRequests(), "the plan's 2K + P");
            int sent = vault.server().received().size();
            int expected = 1 + 2 * 10 + pinned;
            assertTrue(sent <= expected && expected <= QuotaSettings.DEFAULTS.vaultSliceCap(),
                    "requests " + sent + " (the challenge included), announced " + expected + ", within one slice's cap");
            assertEquals(2, quotaRequests.get(), "one claim: the counter's read and its first write; "
                    + "claims of " + QuotaSettings.DEFAULTS.claimSize() + " would have taken "
                    + 2 * (int) Math.ceil(sent / (double) QuotaSettings.DEFAULTS.claimSize()));

            // Another instance in the same slice gets only what the cap leaves.
            long slice = NOW.toEpochMilli() / QuotaSettings.DEFAULTS.slice().toMillis();
            int cap = QuotaSettings.DEFAULTS.vaultSliceCap();
            TableQuotaStore other = new TableQuotaStore(new TableClientBuilder().connectionString(Azurite.connection())
                    .tableName(table).buildClient());
            assertEquals(cap - expected, other.claim("vault-" + Fleet.vaultHost(0), slice, cap, cap, NOW).granted());
        }
    }

    /**
     * The subscription's tokens are claimed for all its vaults' announced requests at once: four vaults of one
     * subscription, about 50 requests, cost one subscription claim (claims of a vault's slice cap, 28, took two).
     */
    @Test
    @Timeout(120)
    void vaultsOfOneSubscriptionLookedUpTogetherCostOneSubscriptionClaim() {
        Fleet fleet = new Fleet(40, 4, 20, 1);
        AtomicInteger quotaRequests = new AtomicInteger();
        TableClient counted = new TableClientBuilder().connectionString(Azurite.connection())
                .tableName(Azurite.uniqueName("quota")).addPolicy((context, next) -> {
                    quotaRequests.incrementAndGet();
                    return next.process();
                }).buildClient();
        QuotaGate gate = new QuotaGate(new TableQuotaStore(counted), QuotaSettings.DEFAULTS,
                Clock.fixed(NOW, ZoneOffset.UTC));
        Map<String, String> subscriptionOfVault = new LinkedHashMap<>();
        for (int v = 0; v < 4; v++) {
            subscriptionOfVault.put(Fleet.vaultHost(v), "00000000-0000-0000-0000-00000000000a");
        }
        gate.learnSubscriptions(subscriptionOfVault);
        quotaRequests.set(0);
        try (FakeKeyVault vault = new FakeKeyVault(25); FakeLogAnalytics logs = new FakeLogAnalytics()) {
            fleet.load(vault, logs);
            LiveSources sources = oneReadAtATime(fleet, vault, logs, gate);
            Map<KeyId, Set<String>> wanted = keysAndPinnedVersions(fleet);

            sources.keyMetadata().lookupAll(wanted);

            int sent = vault.server().received().size();
            assertTrue(sent > QuotaSettings.DEFAULTS.vaultSliceCap() && sent <= QuotaSettings.DEFAULTS.subscriptionSliceCap(),
                    "more requests (" + sent + ") than one claim of a vault's cap, fewer than the subscription's slice cap");
            assertEquals(2 * 4 + 2, quotaRequests.get(), "one claim (a read and a first write) per vault and one for "
                    + "the subscription");
        }
    }

    private static LiveSources oneReadAtATime(Fleet fleet, FakeKeyVault vault, FakeLogAnalytics logs, QuotaGate gate) {
        return LiveSources.create(new LiveSettings(URI.create(logs.endpoint()), Duration.ofMinutes(1),
                Duration.ofSeconds(30), 200, 1, 0, Duration.ofMillis(10)), new DummyCredential(),
                WireServer.trustingClient(), VaultEndpoints.overriding(fleet.endpoints(vault)), gate);
    }

    private static Map<KeyId, Set<String>> keysAndPinnedVersions(Fleet fleet) {
        Map<KeyId, Set<String>> wanted = new LinkedHashMap<>();
        for (ProtectedResource r : fleet.resources()) {
            Set<String> pinned = wanted.computeIfAbsent(r.key().keyId(), k -> new TreeSet<>());
            if (r.key().isPinned()) {
                pinned.add(r.key().version());
            }
        }
        return wanted;
    }
}
