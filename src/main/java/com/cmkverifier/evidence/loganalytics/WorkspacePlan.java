package com.cmkverifier.evidence.loganalytics;

import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which keys to ask each workspace about, from validated values only. A resource whose workspace id, vault or
 * key name does not match its strict pattern is not queried: it gets a {@link SourceIssue} instead.
 */
final class WorkspacePlan {

    static final String SOURCE = "Log Analytics";
    static final Pattern GUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", Pattern.CASE_INSENSITIVE);

    private final Map<String, Set<KeyId>> keysByWorkspace = new TreeMap<>();
    private final List<SourceIssue> issues = new ArrayList<>();

    static WorkspacePlan of(List<ProtectedResource> resources) {
        WorkspacePlan plan = new WorkspacePlan();
        resources.forEach(plan::add);
        return plan;
    }

    private void add(ProtectedResource r) {
        String ws = r.workspaceId();
        if (ws == null || ws.isBlank()) {
            issues.add(SourceIssue.withoutWorkspace(SOURCE, "resource " + r.name()
                    + ": no workspaceId registered, so its vault's audit logs cannot be queried"));
        } else if (!GUID.matcher(ws).matches()) {
            issues.add(new SourceIssue(SOURCE, "resource " + r.name()
                    + ": workspaceId is not a Log Analytics workspace id (a GUID)", ws, null));
        } else if (!isValidKey(r.key().keyId())) {
            issues.add(new SourceIssue(SOURCE, "resource " + r.name()
                    + ": key is not a valid Key Vault key URL, not queried", ws, r.key().vaultName()));
        } else {
            keysByWorkspace.computeIfAbsent(ws.toLowerCase(Locale.ROOT), w -> new TreeSet<>(
                    (a, b) -> a.toString().compareTo(b.toString()))).add(r.key().keyId());
        }
    }

    /** The strict key URL parse accepts exactly {vault}.{Key Vault or Managed HSM suffix}/keys/{valid name}. */
    static boolean isValidKey(KeyId key) {
        try {
            KeyReference.parse(key.toString());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isGuid(String s) {
        return s != null && GUID.matcher(s).matches();
    }

    /** Valid workspace ids (lower case) and their distinct keys, in a stable order. */
    Map<String, Set<KeyId>> keysByWorkspace() {
        return keysByWorkspace;
    }

    List<SourceIssue> issues() {
        return issues;
    }

    /** {@code keys} cut into batches of at most {@code size}. */
    static List<List<KeyId>> batches(Set<KeyId> keys, int size) {
        List<List<KeyId>> out = new ArrayList<>();
        List<KeyId> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }
}
