package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.ProtectedResource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything the audit logs said about a window: aggregated activity per key, which vaults logged anything at
 * all, which sources were incomplete, how much input was read, and display names of callers where known.
 */
public final class AuditActivity {

    private final Map<KeyId, List<ActivityGroup>> groupsByKey;
    private final Set<String> vaultsWithRecords;
    private final List<SourceIssue> issues;
    private final List<SourceIssue> notes;
    private final InputStats inputs;
    private final Map<String, String> callerNames;
    private final Map<String, Instant> latestRecords;

    AuditActivity(Map<KeyId, List<ActivityGroup>> groupsByKey, Set<String> vaultsWithRecords,
                  List<SourceIssue> issues, List<SourceIssue> notes, InputStats inputs,
                  Map<String, String> callerNames, Map<String, Instant> latestRecords) {
        this.groupsByKey = Map.copyOf(groupsByKey);
        this.vaultsWithRecords = Set.copyOf(vaultsWithRecords);
        this.issues = List.copyOf(issues);
        this.notes = List.copyOf(notes);
        this.inputs = inputs;
        this.callerNames = Map.copyOf(callerNames);
        this.latestRecords = Map.copyOf(latestRecords);
    }

    /**
     * The latest audit record time seen in the window in the resource's workspace, or in the exported files when
     * the records came from no workspace; null when none was seen.
     */
    public Instant latestRecordFor(ProtectedResource r) {
        String ws = r.workspaceId() == null ? "" : r.workspaceId().toLowerCase(Locale.ROOT);
        Instant t = latestRecords.get(ws);
        return t != null ? t : latestRecords.get(AuditActivityBuilder.NO_WORKSPACE);
    }

    /**
     * This activity with the groups of the given keys only, as a builder given them as its keys of interest would
     * have made it: the keys of interest decide nothing else.
     */
    public AuditActivity onlyKeys(Predicate<KeyId> keys) {
        Map<KeyId, List<ActivityGroup>> kept = new HashMap<>();
        groupsByKey.forEach((k, g) -> {
            if (keys.test(k)) {
                kept.put(k, g);
            }
        });
        return new AuditActivity(kept, vaultsWithRecords, issues, notes, inputs, callerNames, latestRecords);
    }

    public List<ActivityGroup> groupsFor(KeyId key) {
        return groupsByKey.getOrDefault(key, List.of());
    }

    public Map<KeyId, List<ActivityGroup>> groupsByKey() {
        return groupsByKey;
    }

    /** True when the vault produced at least one audit record inside the window. */
    public boolean vaultHasRecords(String vaultName) {
        return vaultsWithRecords.contains(vaultName);
    }

    public Set<String> vaultsWithRecords() {
        return vaultsWithRecords;
    }

    public List<SourceIssue> issues() {
        return issues;
    }

    public List<SourceIssue> issuesFor(ProtectedResource r) {
        return issues.stream().filter(i -> i.concerns(r)).toList();
    }

    /**
     * What a source found out that is not a failure but explains an absence, such as a workspace that has
     * neither audit table (no vault sends its logs there); scoped like the issues.
     */
    public List<String> notesFor(ProtectedResource r) {
        return notes.stream().filter(n -> n.concerns(r)).map(SourceIssue::message).toList();
    }

    public InputStats inputs() {
        return inputs;
    }

    /** Display name of a caller id (object id, app id or managed identity resource id), or null. */
    public String callerName(String id) {
        return id == null ? null : callerNames.get(id);
    }

    /** Display name of a caller by its managed identity, object id or app id, in that order; null if unknown. */
    public String nameOf(Caller c) {
        for (String id : new String[] {c.managedIdentityResourceId(), c.objectId(), c.appId()}) {
            String name = callerName(id);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    public Map<String, String> callerNames() {
        return callerNames;
    }
}
