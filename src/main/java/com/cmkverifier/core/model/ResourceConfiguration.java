package com.cmkverifier.core.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What Azure says about one resource's encryption (spec section 9): whether a customer-managed key is configured,
 * the keys with the identities that use them, and any problem the service itself reports with its key.
 *
 * @param customerManaged false when Azure shows Microsoft-managed keys
 * @param keys            one per key the resource uses (Service Bus and Event Hubs up to three); empty when
 *                        {@code customerManaged} is false, or when Azure's row does not say (see {@link #undetermined})
 * @param keyAccessProblem the service's own report that it cannot reach its key, else null
 */
public record ResourceConfiguration(String resourceId, String type, String name, boolean customerManaged,
                                    List<ConfiguredKey> keys, String keyAccessProblem) {

    public ResourceConfiguration {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /**
     * A resource Azure lists without saying which key it uses (a SQL server whose protector was not read, a row
     * that could not be read): present, so not "gone", but no configuration finding is judged on it.
     */
    public static ResourceConfiguration undetermined(String resourceId, String type, String name) {
        return new ResourceConfiguration(resourceId, type, name, true, List.of(), null);
    }

    /** The subscription id of an ARM id, lower case, or null. */
    public static String subscriptionOf(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        String[] seg = resourceId.split("/");
        return seg.length > 2 && seg[1].equalsIgnoreCase("subscriptions") ? seg[2].toLowerCase(Locale.ROOT) : null;
    }

    /** The resource group of an ARM id, or null. */
    public static String resourceGroupOf(String resourceId) {
        String[] seg = resourceId == null ? new String[0] : resourceId.split("/");
        return seg.length > 4 && seg[3].equalsIgnoreCase("resourceGroups") ? seg[4] : null;
    }
}
