package com.cmkverifier.discovery.live;

import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.sources.ConfigurationSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Azure's description of the resources being verified, read live: one Resource Graph query per batch of resources
 * (Microsoft recommends groups under 300), not one per resource; then the batch's vault diagnostic settings.
 */
public final class LiveConfigurationSource implements ConfigurationSource {

    static final int BATCH = 200;

    private final LiveDiscovery discovery;

    public LiveConfigurationSource(LiveDiscovery discovery) {
        this.discovery = discovery;
    }

    @Override
    public AzureConfiguration describe(List<ProtectedResource> resources) {
        AzureConfiguration all = AzureConfiguration.NONE;
        for (int from = 0; from < resources.size(); from += BATCH) {
            List<ProtectedResource> batch = resources.subList(from, Math.min(resources.size(), from + BATCH));
            List<String> ids = new ArrayList<>();
            Set<String> vaults = new TreeSet<>();
            for (ProtectedResource r : batch) {
                if (r.resourceId() != null) {
                    ids.add(r.resourceId());
                }
                vaults.add(r.key().vaultName());
            }
            all = all.plus(discovery.describeIds(ids, vaults).configuration());
        }
        return all;
    }
}
