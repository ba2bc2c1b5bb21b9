package com.cmkverifier.discovery;

import com.cmkverifier.core.model.AuditRouting;
import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.types.ArmType;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure's description of an estate, gathered from rows of any source (Resource Graph pages, ARM lists, CLI
 * exports): resources of the types discovery reads with the child resources ARG lacks, the key vaults' diagnostic
 * settings and the workspaces' GUIDs. Rows that cannot be read are reported and skipped, never guessed.
 */
public final class AzureDescription {

    private static final Pattern VAULT_IN_ID = Pattern.compile(
            "/providers/Microsoft\\.KeyVault/(?:vaults|managedHSMs)/([^/]+)/", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHILD = Pattern.compile("(?i)(.*)/(encryptionProtector|encryptionScopes)/[^/]+$");

    /** A row that was not used, and why. */
    public record Skipped(String where, String reason) {
    }

    private final Map<String, JsonNode> resources = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> children = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, List<JsonNode>> settingsByVault = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<JsonNode> vaults = new ArrayList<>();
    private final Map<String, String> workspaceGuids = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> completeSubscriptions = new HashSet<>();
    private final Set<String> incompleteSubscriptions = new HashSet<>();
    private final Set<String> unseenSubscriptions = new HashSet<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private int rows;
    private List<ResourceConfiguration> read;

    /**
     * Adds the items of one answer.
     *
     * @param complete whether the answer holds everything its query asked for (no continuation token): only then
     *                 does a resource missing from its subscriptions count as gone
     */
    public synchronized void answer(String where, List<JsonNode> items, boolean complete) {
        Set<String> subs = new HashSet<>();
        for (String id : addAll(where, items)) {
            Optional.ofNullable(ResourceConfiguration.subscriptionOf(id)).ifPresent(subs::add);
        }
        (complete ? completeSubscriptions : incompleteSubscriptions).addAll(subs);
    }

    /** Adds the usable items; returns their ids. */
    private List<String> addAll(String where, List<JsonNode> items) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = where + "[" + i + "]";
            JsonNode item = items.get(i);
            String id = ArmResource.text(item, "id");
            if (!item.isObject() || id == null || ArmResource.text(item, "type") == null) {
                skipped.add(new Skipped(at, "not an ARM resource (needs id and type)"));
                continue;
            }
            rows++;
            add(item, id, at);
            ids.add(id);
        }
        return ids;
    }

    /**
     * Adds the rows of a live answer whose completeness the caller judges from the answer's scope ({@link
     * #completeSubscription}, {@link #unseenSubscription}), not from the rows it happens to hold.
     */
    public synchronized void scopedAnswer(String where, List<JsonNode> items) {
        addAll(where, items);
    }

    /** A subscription a live answer was asked about but whose scope lacked it: its missing resources are not visible. */
    public synchronized void unseenSubscription(String subscriptionId) {
        unseenSubscriptions.add(subscriptionId.toLowerCase(Locale.ROOT));
    }

    /** A subscription whose every page was read, even if it held no row (live discovery knows its scope). */
    public void completeSubscription(String subscriptionId) {
        completeSubscriptions.add(subscriptionId.toLowerCase(Locale.ROOT));
    }

    /** Child resources read through ARM (protectors, encryption scopes, diagnostic settings): no effect on completeness. */
    public synchronized void children(String where, List<JsonNode> items) {
        addAll(where, items);
    }

    /** Resources of the types discovery reads, and the key vault rows: what ARM reads may complete. */
    public synchronized List<JsonNode> rowsOfInterest() {
        List<JsonNode> out = new ArrayList<>(resources.values());
        out.addAll(vaults);
        return out;
    }

    public synchronized void skip(String where, String reason) {
        skipped.add(new Skipped(where, reason));
    }

    private void add(JsonNode item, String id, String at) {
        String type = ArmResource.text(item, "type").toLowerCase(Locale.ROOT);
        if (type.equals("microsoft.insights/diagnosticsettings")) {
            Matcher m = VAULT_IN_ID.matcher(id);
            if (m.find()) {
                settingsByVault.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(item);
            }
            return;
        }
        if (type.equals("microsoft.operationalinsights/workspaces")) {
            String guid = ArmResource.text(item, "properties.customerId");
            if (guid != null) {
                workspaceGuids.put(id, guid.toLowerCase(Locale.ROOT));
            } else {
                skipped.add(new Skipped(at, "workspace " + id + " has no properties.customerId"));
            }
            return;
        }
        if (type.equals("microsoft.keyvault/vaults") || type.equals("microsoft.keyvault/managedhsms")) {
            vaults.add(item);
            return;
        }
        Matcher child = CHILD.matcher(id);
        if (child.matches() && (type.endsWith("/encryptionprotector") || type.endsWith("/encryptionscopes"))) {
            children.computeIfAbsent(child.group(1), k -> new ArrayList<>()).add(item);
            return;
        }
        if (ArmTypes.of(type).isPresent()) {
            resources.put(id.toLowerCase(Locale.ROOT), item);
        }
    }

    /** Every row read (resources, settings, workspaces, children). */
    public int rows() {
        return rows;
    }

    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /** The resources of the types discovery reads, each with what Azure says about its encryption. */
    public synchronized List<ResourceConfiguration> configurations() {
        if (read != null) {
            return read;
        }
        List<ResourceConfiguration> out = new ArrayList<>();
        for (JsonNode item : resources.values()) {
            ArmType type = ArmTypes.of(ArmResource.text(item, "type")).orElseThrow();
            ArmResource r = new ArmResource(item, children.getOrDefault(ArmResource.text(item, "id"), List.of()));
            try {
                out.add(type.read(r));
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(r.id(), "key: " + e.getMessage()));
                // Listed, so not gone; but what it uses is unknown.
                out.add(ResourceConfiguration.undetermined(r.id(), type.type(), r.name()));
            }
        }
        read = List.copyOf(out);
        return read;
    }

    /** The vaults whose diagnostic settings are part of the description, with where they send AuditEvent. */
    public List<AuditRouting> routing() {
        List<AuditRouting> out = new ArrayList<>();
        settingsByVault.forEach((vault, settings) -> {
            List<AuditRouting.Destination> to = new ArrayList<>();
            settings.stream().sorted((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(
                    String.valueOf(ArmResource.text(a, "name")), String.valueOf(ArmResource.text(b, "name"))))
                    .filter(AzureDescription::sendsAuditEvent)
                    .forEach(s -> {
                        String ws = setting(s, "workspaceId");
                        String elsewhere = Optional.ofNullable(setting(s, "storageAccountId"))
                                .orElse(setting(s, "eventHubAuthorizationRuleId"));
                        to.add(new AuditRouting.Destination(ArmResource.text(s, "name"), ws,
                                ws == null ? null : workspaceGuids.get(ws), elsewhere));
                    });
            out.add(new AuditRouting(vault.toLowerCase(Locale.ROOT), to));
        });
        return out;
    }

    /** The ARM REST answer nests fields under {@code properties}; {@code az monitor diagnostic-settings list} flattens them. */
    private static String setting(JsonNode s, String field) {
        String nested = ArmResource.text(s, "properties." + field);
        return nested != null ? nested : ArmResource.text(s, field);
    }

    private static boolean sendsAuditEvent(JsonNode s) {
        JsonNode logs = ArmResource.at(s, "properties.logs");
        for (JsonNode l : logs.isMissingNode() ? ArmResource.at(s, "logs") : logs) {
            String category = ArmResource.text(l, "category");
            String group = ArmResource.text(l, "categoryGroup");
            boolean audit = "AuditEvent".equalsIgnoreCase(category) || "audit".equalsIgnoreCase(group)
                    || "allLogs".equalsIgnoreCase(group);
            if (audit && ArmResource.at(l, "enabled").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** Subscriptions read completely: in a complete answer, and in no incomplete one. */
    public Set<String> completeSubscriptions() {
        Set<String> out = new HashSet<>(completeSubscriptions);
        out.removeAll(incompleteSubscriptions);
        return out;
    }

    /** Subscriptions a live answer was asked about but could not see (the caller cannot read them). */
    public synchronized Set<String> unseenSubscriptions() {
        Set<String> out = new HashSet<>(unseenSubscriptions);
        out.removeAll(completeSubscriptions());
        return out;
    }

    public synchronized AzureConfiguration configuration() {
        return AzureConfiguration.of(configurations(), routing(), completeSubscriptions()).withUnseen(unseenSubscriptions);
    }
}
