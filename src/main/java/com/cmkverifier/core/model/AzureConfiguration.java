package com.cmkverifier.core.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Azure's description of resources and vaults, as far as it is part of the evidence (spec section 9). Ids
 * compare case-insensitively. {@link #NONE} means configuration is not part of the evidence: no configuration
 * finding is judged then.
 *
 * @param completeSubscriptions subscriptions whose description was read completely, so that a resource missing
 *                              from them is really absent (lower case)
 * @param unseenSubscriptions   subscriptions a live answer was asked about but whose scope lacked them (the verifier
 *                              cannot read them): a resource of theirs that is missing is not visible, not gone
 *                              (spec section 14; lower case)
 */
public record AzureConfiguration(Map<String, ResourceConfiguration> resources, Map<String, AuditRouting> routing,
                                 Set<String> completeSubscriptions, Set<String> unseenSubscriptions, boolean present) {

    public static final AzureConfiguration NONE = new AzureConfiguration(Map.of(), Map.of(), Set.of(), false);

    public AzureConfiguration {
        resources = Map.copyOf(resources);
        routing = Map.copyOf(routing);
        completeSubscriptions = Set.copyOf(completeSubscriptions);
        unseenSubscriptions = Set.copyOf(unseenSubscriptions);
    }

    /** A description in which every subscription asked about was visible. */
    public AzureConfiguration(Map<String, ResourceConfiguration> resources, Map<String, AuditRouting> routing,
                              Set<String> completeSubscriptions, boolean present) {
        this(resources, routing, completeSubscriptions, Set.of(), present);
    }

    public static AzureConfiguration of(Collection<ResourceConfiguration> resources, Collection<AuditRouting> routing,
                                        Set<String> completeSubscriptions) {
        Map<String, ResourceConfiguration> byId = new LinkedHashMap<>();
        resources.forEach(r -> byId.put(lower(r.resourceId()), r));
        Map<String, AuditRouting> byVault = new LinkedHashMap<>();
        routing.forEach(r -> byVault.put(lower(r.vaultName()), r));
        return new AzureConfiguration(byId, byVault, completeSubscriptions.stream().map(AzureConfiguration::lower)
                .collect(Collectors.toSet()), true);
    }

    /** The same description, with subscriptions that the answer's scope lacked. */
    public AzureConfiguration withUnseen(Set<String> subscriptions) {
        Set<String> unseen = subscriptions.stream().map(AzureConfiguration::lower).collect(Collectors.toSet());
        unseen.removeAll(completeSubscriptions);
        return new AzureConfiguration(resources, routing, completeSubscriptions, unseen, present);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    public Optional<ResourceConfiguration> resource(String resourceId) {
        return resourceId == null ? Optional.empty() : Optional.ofNullable(resources.get(lower(resourceId)));
    }

    /** The vault's audit routing, when its diagnostic settings are part of the evidence. */
    public Optional<AuditRouting> routing(String vaultName) {
        return Optional.ofNullable(routing.get(lower(vaultName)));
    }

    /** Whether a resource missing from this description is really absent (its subscription was read completely). */
    public boolean judgesAbsence(String resourceId) {
        String sub = ResourceConfiguration.subscriptionOf(resourceId);
        return sub != null && completeSubscriptions.contains(sub);
    }

    /**
     * Why a registered resource missing from this description is not judged: its subscription was outside what the
     * verifier can read. Empty when the resource is described or its absence is known.
     */
    public Optional<String> notVisible(String resourceId) {
        String sub = ResourceConfiguration.subscriptionOf(resourceId);
        if (!present || sub == null || resource(resourceId).isPresent() || !unseenSubscriptions.contains(sub)) {
            return Optional.empty();
        }
        return Optional.of(resourceId + " is not visible to the verifier: Resource Graph's answer did not include"
                + " subscription " + sub + " (give the verifier's identity the Reader role on that subscription or"
                + " its management group)");
    }

    /** Other resources that reach {@code key} with the same identity as {@code mine}. */
    public List<ResourceConfiguration> sharing(String resourceId, ConfiguredKey mine) {
        List<ResourceConfiguration> out = new ArrayList<>();
        for (ResourceConfiguration other : resources.values()) {
            if (other.resourceId().equalsIgnoreCase(resourceId)) {
                continue;
            }
            if (other.keys().stream().anyMatch(k -> k.key().keyId().equals(mine.key().keyId())
                    && !mine.firstPartyCaller() && k.sameIdentityAs(mine))) {
                out.add(other);
            }
        }
        return out;
    }

    /** A merged description: resources and routing of both; subscriptions complete in either; unseen ones unless complete. */
    public AzureConfiguration plus(AzureConfiguration other) {
        if (!other.present) {
            return this;
        }
        if (!present) {
            return other;
        }
        Map<String, ResourceConfiguration> r = new LinkedHashMap<>(resources);
        r.putAll(other.resources);
        Map<String, AuditRouting> a = new LinkedHashMap<>(routing);
        a.putAll(other.routing);
        Set<String> subs = new HashSet<>(completeSubscriptions);
        subs.addAll(other.completeSubscriptions);
        Set<String> unseen = new HashSet<>(unseenSubscriptions);
        unseen.addAll(other.unseenSubscriptions);
        unseen.removeAll(subs);
        return new AzureConfiguration(r, a, subs, unseen, true);
    }
}
