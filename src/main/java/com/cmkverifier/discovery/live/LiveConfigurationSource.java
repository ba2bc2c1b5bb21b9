package com.cmkverifier.discovery.live;

import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.core.sources.ConfigurationSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Azure's description of the resources being verified, read live, in the shape that costs fewer queries of the
 * Resource Graph quota (docs/live-azure.md, "Resource Graph quota arithmetic"): per group of up to
 * {@value #SUBSCRIPTION_GROUP} subscriptions, either the registered resources by id in batches of {@value #BATCH}
 * (Microsoft recommends groups under 300), or every resource of the registered types in those subscriptions,
 * paged. A group that needs one id batch asks by id; otherwise the by-type query's first page tells from its
 * {@code totalRecords} how many pages it would take, and the group switches to id batches when those are fewer.
 * Then the vaults' diagnostic settings.
 */
public final class LiveConfigurationSource implements ConfigurationSource {

    static final int BATCH = 200;
    static final int SUBSCRIPTION_GROUP = 200;

    private final LiveDiscovery discovery;

    public LiveConfigurationSource(LiveDiscovery discovery) {
        this.discovery = discovery;
    }

    @Override
    public AzureConfiguration describe(List<ProtectedResource> resources) {
        // Subscriptions in order, so that the groups and batches are the same on every run.
        Map<String, List<ProtectedResource>> bySubscription = new TreeMap<>();
        List<ProtectedResource> withoutId = new ArrayList<>();
        for (ProtectedResource r : resources) {
            String sub = ResourceConfiguration.subscriptionOf(r.resourceId());
            if (sub == null) {
                withoutId.add(r);
            } else {
                bySubscription.computeIfAbsent(sub, k -> new ArrayList<>()).add(r);
            }
        }
        AzureConfiguration all = AzureConfiguration.NONE;
        List<ProtectedResource> group = new ArrayList<>();
        int subscriptions = 0;
        for (List<ProtectedResource> ofSubscription : bySubscription.values()) {
            if (subscriptions == SUBSCRIPTION_GROUP) {
                all = all.plus(group(group));
                group = new ArrayList<>();
                subscriptions = 0;
            }
            group.addAll(ofSubscription);
            subscriptions++;
        }
        if (!group.isEmpty()) {
            all = all.plus(group(group));
        }
        if (!withoutId.isEmpty()) {
            // No id to ask for, but their vaults' routing is still part of the evidence.
            all = all.plus(byId(withoutId));
        }
        return all;
    }

    /** One group of subscriptions, in the cheaper shape. */
    private AzureConfiguration group(List<ProtectedResource> group) {
        int idQueries = (group.size() + BATCH - 1) / BATCH;
        if (idQueries > 1) {
            Set<String> types = new TreeSet<>();
            group.forEach(r -> types.add(r.type().toLowerCase(Locale.ROOT)));
            Optional<AzureConfiguration> byType = discovery.describeByType(ids(group), types, vaults(group), idQueries)
                    .map(d -> d.configuration());
            if (byType.isPresent()) {
                return byType.get();
            }
        }
        return byId(group);
    }

    private AzureConfiguration byId(List<ProtectedResource> resources) {
        AzureConfiguration all = AzureConfiguration.NONE;
        for (int from = 0; from < resources.size(); from += BATCH) {
            List<ProtectedResource> batch = resources.subList(from, Math.min(resources.size(), from + BATCH));
            all = all.plus(discovery.describeIds(ids(batch), vaults(batch)).configuration());
        }
        return all;
    }

    private static List<String> ids(List<ProtectedResource> resources) {
        return resources.stream().map(ProtectedResource::resourceId).filter(java.util.Objects::nonNull).toList();
    }

    private static Set<String> vaults(List<ProtectedResource> resources) {
        Set<String> vaults = new TreeSet<>();
        resources.forEach(r -> vaults.add(r.key().vaultName()));
        return vaults;
    }
}
