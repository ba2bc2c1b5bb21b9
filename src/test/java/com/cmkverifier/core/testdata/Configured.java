package com.cmkverifier.core.testdata;

import com.cmkverifier.core.model.AuditRouting;
import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.core.types.ResourceTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Azure's description of the lab for tests: by default the lab storage account on the lab key with its own
 * identity, and the lab vault sending AuditEvent to the workspace the lab entry names ({@code ws-prod}).
 */
public final class Configured {

    private String key = Lab.KEY_URL;
    private String principalId = Lab.PRINCIPAL_ID;
    private boolean customerManaged = true;
    private String keyStatus;
    private final List<ResourceConfiguration> others = new ArrayList<>();
    private List<AuditRouting.Destination> destinations = List.of(
            new AuditRouting.Destination("to-la", "/subscriptions/s/resourceGroups/rg/providers/"
                    + "Microsoft.OperationalInsights/workspaces/la-prod", "ws-prod", null));
    private boolean listed = true;

    private Configured() {
    }

    public static Configured storage() {
        return new Configured();
    }

    public Configured microsoftManaged() {
        customerManaged = false;
        return this;
    }

    public Configured key(String url) {
        key = url;
        return this;
    }

    public Configured principal(String id) {
        principalId = id;
        return this;
    }

    public Configured keyStatus(String status) {
        keyStatus = status;
        return this;
    }

    /** Another resource reaching the same key with the same identity. */
    public Configured sharedWith(String resourceId) {
        others.add(new ResourceConfiguration(resourceId, ResourceTypes.STORAGE, "stcmkcopy", true,
                List.of(new ConfiguredKey(KeyReference.parse(Lab.KEY_URL), Lab.PRINCIPAL_ID, null, null)), null));
        return this;
    }

    public Configured auditNowhere() {
        destinations = List.of();
        return this;
    }

    /** The lab account is missing from a complete description of its subscription. */
    public Configured gone() {
        listed = false;
        others.add(new ResourceConfiguration(Lab.RESOURCE_ID.replace("stcmkdata", "stother"), ResourceTypes.STORAGE,
                "stother", false, List.of(), null));
        return this;
    }

    public AzureConfiguration build() {
        List<ResourceConfiguration> all = new ArrayList<>(others);
        if (listed) {
            all.add(new ResourceConfiguration(Lab.RESOURCE_ID, ResourceTypes.STORAGE, "stcmkdata", customerManaged,
                    customerManaged ? List.of(new ConfiguredKey(KeyReference.parse(key), principalId, null, null))
                            : List.of(), keyStatus == null ? null : "key status " + keyStatus));
        }
        return AzureConfiguration.of(all, List.of(new AuditRouting(Lab.VAULT, destinations)),
                Set.of(ResourceConfiguration.subscriptionOf(Lab.RESOURCE_ID)));
    }
}
