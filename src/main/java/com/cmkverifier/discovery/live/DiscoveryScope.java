package com.cmkverifier.discovery.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where live discovery looks: subscriptions and management groups. Empty means everything the credential can read
 * (Resource Graph's default, Lighthouse-delegated subscriptions included).
 */
public record DiscoveryScope(List<String> subscriptions, List<String> managementGroups) {

    private static final Pattern GUID = Pattern.compile(
            "(?:/subscriptions/)?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");
    private static final Pattern GROUP = Pattern.compile(
            "/providers/Microsoft\\.Management/managementGroups/([A-Za-z0-9._()-]{1,90})", Pattern.CASE_INSENSITIVE);

    /** No scope in the request: everything the credential can read. */
    public static final DiscoveryScope EVERYTHING = new DiscoveryScope(List.of(), List.of());

    public DiscoveryScope {
        subscriptions = List.copyOf(subscriptions);
        managementGroups = List.copyOf(managementGroups);
    }

    /**
     * @throws IllegalArgumentException naming the value when it is neither a subscription id nor a management
     *                                  group id
     */
    public static DiscoveryScope parse(List<String> values) {
        List<String> subs = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (String v : values) {
            String s = v.trim();
            Matcher g = GUID.matcher(s);
            Matcher mg = GROUP.matcher(s);
            if (g.matches()) {
                subs.add(g.group(1).toLowerCase(Locale.ROOT));
            } else if (mg.matches()) {
                groups.add(mg.group(1));
            } else {
                throw new IllegalArgumentException("--scope: '" + v + "' is neither a subscription id nor "
                        + "/providers/Microsoft.Management/managementGroups/NAME");
            }
        }
        return new DiscoveryScope(subs, groups);
    }
}
