package com.cmkverifier.core.model;

import com.cmkverifier.core.types.ResourceTypeProfile;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is expected to call Key Vault for a resource (spec section 4): a caller matches when its object id is
 * one of {@code principalIds}, or its app id one of {@code clientIds}, or its managed-identity resource claim
 * one of {@code resourceIds} (all case-insensitive).
 */
public record ExpectedIdentity(Set<String> principalIds, Set<String> clientIds, Set<String> resourceIds) {

    public ExpectedIdentity {
        principalIds = lower(principalIds);
        clientIds = lower(clientIds);
        resourceIds = lower(resourceIds);
    }

    private static Set<String> lower(Set<String> s) {
        return s == null ? Set.of() : s.stream().filter(v -> v != null && !v.isBlank())
                .map(v -> v.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The identity a registry entry expects: its principal and client ids and resource ids; the type's
     * first-party application (Cosmos DB, Information Protection) when the entry names neither id.
     */
    public static ExpectedIdentity of(ProtectedResource r, ResourceTypeProfile profile) {
        Set<String> clients = new HashSet<>();
        if (r.clientId() != null) {
            clients.add(r.clientId());
        }
        if (r.principalId() == null && r.clientId() == null) {
            clients.addAll(profile.firstPartyAppIds());
        }
        Set<String> principals = r.principalId() == null ? Set.of() : Set.of(r.principalId());
        Set<String> resources = new HashSet<>();
        if (r.resourceId() != null) {
            resources.add(r.resourceId());
        }
        if (r.identityResourceId() != null) {
            resources.add(r.identityResourceId());
        }
        return new ExpectedIdentity(principals, clients, resources);
    }

    public boolean matches(Caller c) {
        return (c.objectId() != null && principalIds.contains(c.objectId()))
                || (c.appId() != null && clientIds.contains(c.appId()))
                || (c.managedIdentityResourceId() != null && resourceIds.contains(c.managedIdentityResourceId()));
    }

    public boolean isEmpty() {
        return principalIds.isEmpty() && clientIds.isEmpty() && resourceIds.isEmpty();
    }
}
