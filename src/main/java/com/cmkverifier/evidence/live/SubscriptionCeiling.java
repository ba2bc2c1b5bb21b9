package com.cmkverifier.evidence.live;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVaultHosts;
import com.cmkverifier.core.sources.KeyMetadataSource;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Key Vault reads that also keep within their vaults' subscription's ceiling: before a batch of keys is read, the
 * subscriptions of its vaults not yet asked about are learned (one Resource Graph query per batch of vault names)
 * and given to the {@link QuotaGate}, which then takes a token of the subscription's budget for each of their
 * requests. A vault whose subscription stays unknown (no Resource Graph access, a vault the identity cannot see) is
 * kept within its own budget only, and this is said once, through {@code note}: the gate does not
 * claim a ceiling it cannot count.
 */
public final class SubscriptionCeiling implements KeyMetadataSource {

    /** Names the subscription of each key vault it can find: vault name to subscription id. */
    @FunctionalInterface
    public interface VaultSubscriptions {
        Map<String, String> of(Set<String> vaultNames);
    }

    private final KeyMetadataSource vaults;
    private final QuotaGate gate;
    private final VaultSubscriptions subscriptions;
    private final Consumer<String> note;
    /** Vault hosts already asked about, found or not: each is asked once per process. */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean noted = new AtomicBoolean();

    public SubscriptionCeiling(KeyMetadataSource vaults, QuotaGate gate, VaultSubscriptions subscriptions,
                               Consumer<String> note) {
        this.vaults = vaults;
        this.gate = gate;
        this.subscriptions = subscriptions;
        this.note = note;
    }

    @Override
    public KeyLookup lookup(KeyId key, Set<String> pinnedVersions) {
        learn(Set.of(key.vaultHost()));
        return vaults.lookup(key, pinnedVersions);
    }

    @Override
    public Map<KeyId, KeyLookup> lookupAll(Map<KeyId, Set<String>> keys) {
        learn(keys.keySet().stream().map(KeyId::vaultHost).toList());
        return vaults.lookupAll(keys);
    }

    private void learn(Collection<String> vaultHosts) {
        Map<String, String> hostOfName = new HashMap<>();
        for (String host : vaultHosts) {
            // Managed HSMs have limits of their own (service-limits, "Resource type: Managed HSM"): no ceiling.
            if (!KeyVaultHosts.isManagedHsmHost(host) && asked.add(host)) {
                hostOfName.put(host.substring(0, Math.max(0, host.indexOf('.'))).toLowerCase(Locale.ROOT), host);
            }
        }
        if (hostOfName.isEmpty()) {
            return;
        }
        Map<String, String> found = Map.of();
        String why = "Resource Graph does not show them to the verifier's identity (Reader on their subscriptions)";
        try {
            found = subscriptions.of(new TreeSet<>(hostOfName.keySet()));
        } catch (RuntimeException e) {
            why = "their subscriptions could not be read: " + e.getMessage();
        }
        Map<String, String> byHost = new HashMap<>();
        found.forEach((name, sub) -> {
            String host = hostOfName.get(name.toLowerCase(Locale.ROOT));
            if (host != null) {
                byHost.put(host, sub);
            }
        });
        gate.learnSubscriptions(byHost);
        Set<String> unknown = new TreeSet<>(hostOfName.values());
        unknown.removeAll(byHost.keySet());
        if (!unknown.isEmpty() && noted.compareAndSet(false, true)) {
            note.accept("Key Vault reads of " + unknown.size() + " vault(s), e.g. " + unknown.iterator().next()
                    + ", keep within each vault's budget only, not within their subscription's ceiling: " + why
                    + " (said once per process)");
        }
    }
}
