package com.cmkverifier.cli;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.ExpectedIdentity;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.probe.KeyVersionSwitch;
import com.cmkverifier.core.probe.ProbeFacts;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.types.ResourceTypes;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.AzureDescription;
import com.cmkverifier.discovery.live.DiscoveryScope;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what the probe's guards 2 to 5 and 7 judge, from Azure itself: the tags query
 * ({@code docs/kql/probe-tags.kql}) and discovery's own Resource Graph query and per-type readers over the scope,
 * the audit log over the look-back, and the version from Key Vault. Reads only: nothing here writes. Each read
 * that fails leaves its part marked unreadable with why, and the guards refuse on it.
 */
final class ProbeAzureReads {

    private static final String TAGS_QUERY = "probe-tags.kql";

    private ProbeAzureReads() {
    }

    static ProbeFacts read(ProtectedResource target, LiveDiscovery graph, DiscoveryScope scope, AuditLogSource logs,
                           KeyVersionSwitch keys, Instant now, Duration lookBack) {
        KeyId key = target.key().keyId();
        KeyVersionSwitch.VersionState version = null;
        String keyProblem = null;
        try {
            version = keys.read(key, target.key().version());
        } catch (RuntimeException e) {
            keyProblem = oneLine(e);
        }
        List<String> gaps = new ArrayList<>();
        Map<String, ProbeFacts.Tagged> tagged = new LinkedHashMap<>();
        ProbeFacts.Tagged vault = null;
        try {
            for (JsonNode row : graph.rows(TAGS_QUERY, scope)) {
                String id = ArmResource.text(row, "id");
                if (id == null) {
                    continue;
                }
                ProbeFacts.Tagged t = new ProbeFacts.Tagged(id, tags(row.path("tags")));
                tagged.put(id.toLowerCase(Locale.ROOT), t);
                String type = String.valueOf(ArmResource.text(row, "type")).toLowerCase(Locale.ROOT);
                if (type.startsWith("microsoft.keyvault/") && key.vaultName().equalsIgnoreCase(ArmResource.text(row, "name"))) {
                    vault = t;
                }
            }
        } catch (RuntimeException e) {
            gaps.add("Resource Graph (tags) failed: " + oneLine(e));
        }
        List<ProbeFacts.KeyUser> users = keyUsers(graph, scope, key, tagged, gaps);
        ProbeFacts.Tagged resource = target.resourceId() == null ? null
                : tagged.get(target.resourceId().toLowerCase(Locale.ROOT));
        ProbeFacts.Tagged group = vault == null ? null : tagged.get(groupOf(vault.id()));
        List<ProbeFacts.CallerUse> callers = new ArrayList<>();
        String logProblem = callers(target, logs, version, now, lookBack, callers);
        return new ProbeFacts(resource, vault, group, users, gaps, callers, logProblem, version, keyProblem);
    }

    /** Every resource in the scope whose configuration references the key, through discovery's readers. */
    private static List<ProbeFacts.KeyUser> keyUsers(LiveDiscovery graph, DiscoveryScope scope, KeyId key,
                                                     Map<String, ProbeFacts.Tagged> tagged, List<String> gaps) {
        List<ProbeFacts.KeyUser> users = new ArrayList<>();
        AzureDescription d;
        try {
            d = graph.describe(scope);
        } catch (RuntimeException e) {
            gaps.add("Resource Graph (configurations) failed: " + oneLine(e));
            return users;
        }
        for (ResourceConfiguration c : d.configurations()) {
            for (ConfiguredKey k : c.keys()) {
                if (k.key().keyId().equals(key)) {
                    ProbeFacts.Tagged t = tagged.get(c.resourceId().toLowerCase(Locale.ROOT));
                    users.add(new ProbeFacts.KeyUser(c.resourceId(), c.name(), t == null ? null : t.tags(),
                            identity(c, k)));
                }
            }
        }
        // A row or an ARM read that failed may hide a user of the key; where audit logs go (diagnostic settings) does not.
        d.skipped().stream().filter(s -> !s.where().toLowerCase(Locale.ROOT).contains("diagnosticsettings"))
                .forEach(s -> gaps.add(s.where() + ": " + s.reason()));
        return users;
    }

    private static ExpectedIdentity identity(ResourceConfiguration c, ConfiguredKey k) {
        Set<String> clients = new HashSet<>();
        if (k.clientId() != null) {
            clients.add(k.clientId());
        }
        if (k.firstPartyCaller()) {
            clients.addAll(ResourceTypes.profile(c.type()).firstPartyAppIds());
        }
        Set<String> principals = new HashSet<>();
        if (k.principalId() != null) {
            principals.add(k.principalId());
        }
        Set<String> resources = new HashSet<>();
        resources.add(c.resourceId());
        if (k.identityResourceId() != null) {
            resources.add(k.identityResourceId());
        }
        return new ExpectedIdentity(principals, clients, resources);
    }

    /**
     * The successful uses of the version over the look-back, by caller, into {@code out}.
     *
     * @return null when the query answered completely, else why not
     */
    private static String callers(ProtectedResource target, AuditLogSource logs, KeyVersionSwitch.VersionState v,
                                  Instant now, Duration lookBack, List<ProbeFacts.CallerUse> out) {
        if (target.workspaceId() == null) {
            return "the registry entry names no workspaceId";
        }
        if (v == null) {
            return "the version could not be read from Key Vault, so its callers cannot be asked for";
        }
        AuditActivity a;
        try {
            a = logs.read(List.of(target), Window.ending(now, lookBack));
        } catch (RuntimeException e) {
            return oneLine(e);
        }
        List<SourceIssue> issues = a.issuesFor(target);
        if (!issues.isEmpty()) {
            return issues.stream().map(SourceIssue::message).collect(Collectors.joining("; "));
        }
        Map<Caller, Long> uses = new LinkedHashMap<>();
        for (ActivityGroup g : a.groupsFor(target.key().keyId())) {
            if (g.isSuccess() && v.version().equalsIgnoreCase(g.version())) {
                uses.merge(g.caller(), g.count(), Long::sum);
            }
        }
        uses.forEach((c, n) -> {
            String name = a.nameOf(c);
            out.add(new ProbeFacts.CallerUse(c, name == null ? c.label() : name + " (" + c.label() + ")", n));
        });
        return null;
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** {@code /subscriptions/{s}/resourcegroups/{g}}, lower case, of a resource id. */
    private static String groupOf(String id) {
        String[] parts = id.split("/");
        return parts.length > 4 ? String.join("/", parts[0], parts[1], parts[2], parts[3], parts[4])
                .toLowerCase(Locale.ROOT) : "";
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
