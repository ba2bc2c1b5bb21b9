package com.cmkverifier.core.testdata;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.types.ResourceTypes;

import java.util.List;
import java.util.Map;

/** Registry entries for tests: by default the lab's storage account on the versionless lab key. */
public final class ResourceBuilder {

    private String name = "stcmkdata";
    private String type = ResourceTypes.STORAGE;
    private String resourceId = Lab.RESOURCE_ID;
    private String key = Lab.KEY_URL;
    private String principalId = Lab.PRINCIPAL_ID;
    private String clientId;
    private String workspaceId = "ws-prod";
    private List<String> proofOperations = List.of();

    private ResourceBuilder() {
    }

    public static ResourceBuilder storage() {
        return new ResourceBuilder();
    }

    /** An entry of {@code type} that names no identity and no resource id: only a first-party default can match. */
    public static ResourceBuilder withoutIdentity(String type) {
        return new ResourceBuilder().type(type).name("no-identity").resourceId(null).principalId(null);
    }

    public ResourceBuilder name(String n) {
        this.name = n;
        return this;
    }

    public ResourceBuilder type(String t) {
        this.type = t;
        return this;
    }

    public ResourceBuilder resourceId(String id) {
        this.resourceId = id;
        return this;
    }

    public ResourceBuilder key(String url) {
        this.key = url;
        return this;
    }

    /** Pinned to {@code version} of the lab key. */
    public ResourceBuilder pinned(String version) {
        return key(Lab.KEY_URL + "/" + version);
    }

    public ResourceBuilder principalId(String id) {
        this.principalId = id;
        return this;
    }

    public ResourceBuilder clientId(String id) {
        this.clientId = id;
        return this;
    }

    public ResourceBuilder workspace(String id) {
        this.workspaceId = id;
        return this;
    }

    public ResourceBuilder proofOperations(String... ops) {
        this.proofOperations = List.of(ops);
        return this;
    }

    public ProtectedResource build() {
        return new ProtectedResource(name, type, resourceId, KeyReference.parse(key), principalId, clientId, null,
                workspaceId, proofOperations, Map.of(), Map.of());
    }
}
