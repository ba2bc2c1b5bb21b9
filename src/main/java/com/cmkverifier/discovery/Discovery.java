package com.cmkverifier.discovery;

import com.cmkverifier.core.model.AuditRouting;
import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.core.types.ResourceTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Azure's description into registry entries and merges them into an existing registry (spec section 9):
 * hand-written entries are never touched, discovered ones follow Azure, and nothing is ever removed: a resource
 * back on Microsoft-managed keys is "reverted", one missing from a complete description "gone", both kept so that
 * verification reports them.
 */
public final class Discovery {

    public static final String SOURCE = "source";
    public static final String DISCOVERED = "discovered";
    public static final String DISCOVERED_AT = "discoveredAt";

    public enum Outcome { ADDED, CHANGED, KEPT, REVERTED, GONE }

    /** What happened to one entry, and why. */
    public record Change(String name, String resourceId, Outcome outcome, String detail) {
    }

    /** The merged registry, what happened per entry, and notes (workspaces not resolved, resources not registrable). */
    public record Result(List<ProtectedResource> registry, List<Change> changes, List<String> notes,
                         List<AzureDescription.Skipped> skipped, int rows) {

        public long count(Outcome o) {
            return changes.stream().filter(c -> c.outcome() == o).count();
        }
    }

    private final Map<String, AuditRouting> routing = new HashMap<>();
    private final Set<String> complete;
    private final Set<String> unseen;
    private final Instant now;
    private final List<String> notes = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private Discovery(AzureDescription d, Instant now) {
        d.routing().forEach(r -> routing.put(r.vaultName(), r));
        this.complete = d.completeSubscriptions();
        this.unseen = d.unseenSubscriptions();
        this.now = now;
    }

    public static Result discover(AzureDescription d, Registry existing, Instant now) {
        return new Discovery(d, now).merge(d, existing);
    }

    public static boolean discovered(ProtectedResource r) {
        return DISCOVERED.equals(r.extra().get(SOURCE));
    }

    private Result merge(AzureDescription d, Registry existing) {
        List<ResourceConfiguration> configs = d.configurations();
        Map<String, ResourceConfiguration> byId = new HashMap<>();
        configs.forEach(c -> byId.put(lower(c.resourceId()), c));
        Map<String, List<ProtectedResource>> entriesById = new LinkedHashMap<>();
        Map<String, ProtectedResource> out = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        for (ProtectedResource e : existing.resources()) {
            names.add(lower(e.name()));
            out.put(lower(e.name()), e);
            if (e.resourceId() != null) {
                entriesById.computeIfAbsent(lower(e.resourceId()), k -> new ArrayList<>()).add(e);
            }
        }
        Set<String> done = new HashSet<>();
        for (ProtectedResource e : existing.resources()) {
            if (e.resourceId() == null) {
                changes.add(new Change(e.name(), null, Outcome.KEPT, "no resourceId: not compared with Azure"));
            } else if (!byId.containsKey(lower(e.resourceId()))) {
                String sub = ResourceConfiguration.subscriptionOf(e.resourceId());
                boolean gone = complete.contains(sub);
                changes.add(new Change(e.name(), e.resourceId(), gone ? Outcome.GONE : Outcome.KEPT, gone
                        ? "not in Azure's complete description of its subscription: kept until a person removes it"
                        : unseen.contains(sub) ? "not visible to the verifier: Resource Graph's answer did not include"
                        + " subscription " + sub + " (give the verifier's identity the Reader role on it)"
                        : "its subscription was not read completely"));
            } else if (!byId.get(lower(e.resourceId())).customerManaged()) {
                changes.add(new Change(e.name(), e.resourceId(), Outcome.REVERTED,
                        "Azure shows Microsoft-managed keys: kept, and verification reports CMK_NOT_CONFIGURED"));
            } else if (done.add(lower(e.resourceId()))) {
                pair(byId.get(lower(e.resourceId())), entriesById.get(lower(e.resourceId())), out, changes);
            }
        }
        List<ResourceConfiguration> fresh = configs.stream().filter(c -> c.customerManaged() && !c.keys().isEmpty()
                && !entriesById.containsKey(lower(c.resourceId()))).toList();
        Map<String, Integer> baseCount = new HashMap<>();
        fresh.forEach(c -> baseCount.merge(lower(base(c.name())), 1, Integer::sum));
        for (ResourceConfiguration c : fresh) {
            String name = uniqueName(c, baseCount.get(lower(base(c.name()))) > 1);
            for (int i = 0; i < c.keys().size(); i++) {
                String n = i == 0 ? name : name + ".key" + (i + 1);
                entry(c, c.keys().get(i), n, null).ifPresent(r -> {
                    names.add(lower(n));
                    out.put(lower(n), r);
                    changes.add(new Change(n, c.resourceId(), Outcome.ADDED, r.key().url()));
                });
            }
        }
        return new Result(List.copyOf(out.values()), changes, List.copyOf(notes), d.skipped(), d.rows());
    }

    /** Existing entries of one resource against its configured keys: same key first, then in order. */
    private void pair(ResourceConfiguration c, List<ProtectedResource> entries, Map<String, ProtectedResource> out,
                      List<Change> changes) {
        List<ConfiguredKey> keys = new ArrayList<>(c.keys());
        List<ProtectedResource> left = new ArrayList<>();
        for (ProtectedResource e : entries) {
            Optional<ConfiguredKey> same = keys.stream().filter(k -> k.key().keyId().equals(e.key().keyId())).findFirst();
            if (same.isPresent()) {
                keys.remove(same.get());
                update(c, e, same.get(), out, changes);
            } else {
                left.add(e);
            }
        }
        for (ProtectedResource e : left) {
            if (!keys.isEmpty() && discovered(e)) {
                update(c, e, keys.remove(0), out, changes);
            } else {
                changes.add(new Change(e.name(), e.resourceId(), Outcome.KEPT, discovered(e)
                        ? "Azure no longer names this key" : "hand-written: kept as written, drift is reported by verify"));
            }
        }
        if (!keys.isEmpty() && entries.stream().allMatch(Discovery::discovered)) {
            String base = entries.get(0).name();
            for (ConfiguredKey k : keys) {
                String n = base;
                for (int i = 2; names.contains(lower(n)); i++) {
                    n = base + ".key" + i;
                }
                String name = n;
                entry(c, k, name, null).ifPresent(r -> {
                    names.add(lower(name));
                    out.put(lower(name), r);
                    changes.add(new Change(name, c.resourceId(), Outcome.ADDED, r.key().url()));
                });
            }
        }
    }

    private void update(ResourceConfiguration c, ProtectedResource e, ConfiguredKey k, Map<String, ProtectedResource> out,
                        List<Change> changes) {
        if (!discovered(e)) {
            changes.add(new Change(e.name(), e.resourceId(), Outcome.KEPT,
                    "hand-written: kept as written, drift is reported by verify"));
            return;
        }
        Optional<ProtectedResource> now = entry(c, k, e.name(), e);
        if (now.isEmpty()) {
            changes.add(new Change(e.name(), e.resourceId(), Outcome.KEPT, "Azure names no usable identity now"));
            return;
        }
        List<String> fields = differences(e, now.get());
        out.put(lower(e.name()), fields.isEmpty() ? e : now.get());
        changes.add(new Change(e.name(), e.resourceId(), fields.isEmpty() ? Outcome.KEPT : Outcome.CHANGED,
                fields.isEmpty() ? "as in Azure" : String.join(", ", fields)));
    }

    private static List<String> differences(ProtectedResource a, ProtectedResource b) {
        List<String> out = new ArrayList<>();
        if (!a.type().equals(b.type())) {
            out.add("type " + a.type() + " -> " + b.type());
        }
        if (!a.key().equals(b.key())) {
            out.add("key " + a.key() + " -> " + b.key());
        }
        if (!Objects.equals(a.principalId(), b.principalId()) || !Objects.equals(a.clientId(), b.clientId())
                || !equalsIgnoreCase(a.identityResourceId(), b.identityResourceId())) {
            out.add("identity");
        }
        if (!Objects.equals(a.workspaceId(), b.workspaceId())) {
            out.add("workspaceId " + a.workspaceId() + " -> " + b.workspaceId());
        }
        return out;
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }

    /** The registry entry for one configured key; empty (with a note) when audit records could not name its caller. */
    private Optional<ProtectedResource> entry(ResourceConfiguration c, ConfiguredKey k, String name, ProtectedResource old) {
        if (k.principalId() == null && k.clientId() == null && !ResourceTypes.profile(c.type()).hasFirstPartyCaller()) {
            notes.add(c.resourceId() + ": Azure names no identity that audit records show (several user-assigned"
                    + " identities, or one without its ids): not registered; add it by hand");
            return Optional.empty();
        }
        String workspace = workspace(k, old == null ? null : old.workspaceId());
        Map<String, Object> extra = new LinkedHashMap<>(old == null ? Map.of() : old.extra());
        extra.put(SOURCE, DISCOVERED);
        extra.put(DISCOVERED_AT, now.toString());
        return Optional.of(new ProtectedResource(name, c.type(), c.resourceId(), k.key(), k.principalId(), k.clientId(),
                k.identityResourceId(), workspace, old == null ? List.of() : old.proofOperations(),
                old == null ? Map.of() : old.tags(), extra));
    }

    /** The GUID of the first workspace (by setting name) the key's vault sends AuditEvent to; notes the rest. */
    private String workspace(ConfiguredKey k, String previous) {
        String vault = k.key().vaultName();
        AuditRouting r = routing.get(vault);
        if (r == null) {
            note("vault " + vault + ": its diagnostic settings are not in the description: workspaceId left out"
                    + " (export them with az monitor diagnostic-settings list --resource VAULT_ID)");
            return previous;
        }
        List<AuditRouting.Destination> known = r.destinations().stream().filter(d -> d.workspaceId() != null).toList();
        r.destinations().stream().filter(d -> d.workspaceResourceId() != null && d.workspaceId() == null)
                .forEach(d -> note("vault " + vault + ": workspace " + d.workspaceResourceId()
                        + " (setting " + d.setting() + ") is not in the description: its GUID is unknown"));
        if (known.isEmpty()) {
            if (r.destinations().stream().noneMatch(d -> d.workspaceResourceId() != null)) {
                note("vault " + vault + ": no diagnostic setting sends AuditEvent to a Log Analytics workspace");
            }
            return previous;
        }
        if (known.size() > 1) {
            note("vault " + vault + ": AuditEvent also goes to " + known.subList(1, known.size()).stream()
                    .map(d -> d.workspaceId() + " (setting " + d.setting() + ")").toList() + "; the registry uses "
                    + known.get(0).workspaceId());
        }
        return known.get(0).workspaceId();
    }

    private void note(String n) {
        if (!notes.contains(n)) {
            notes.add(n);
        }
    }

    /** The resource name, then {name}.{resourceGroup}, then {name}.{resourceGroup}.{subscription[0..8]}. */
    private String uniqueName(ResourceConfiguration c, boolean sharedAmongDiscovered) {
        String base = base(c.name());
        String rg = ResourceConfiguration.resourceGroupOf(c.resourceId());
        String sub = ResourceConfiguration.subscriptionOf(c.resourceId());
        List<String> candidates = new ArrayList<>();
        if (!sharedAmongDiscovered) {
            candidates.add(base);
        }
        candidates.add(clip(base + "." + base(rg == null ? "rg" : rg)));
        candidates.add(clip(base + "." + base(rg == null ? "rg" : rg) + "." + (sub == null ? "sub"
                : sub.substring(0, Math.min(8, sub.length())))));
        for (String n : candidates) {
            if (!names.contains(lower(n))) {
                return n;
            }
        }
        String last = candidates.get(candidates.size() - 1);
        String n = last;
        for (int i = 2; names.contains(lower(n)); i++) {
            n = clip(last + "-" + i);
        }
        return n;
    }

    /** A name within the registry's pattern {@code [A-Za-z0-9][A-Za-z0-9._-]{0,79}}. */
    static String base(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "-");
        if (s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0))) {
            s = "r" + s;
        }
        return clip(s);
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
