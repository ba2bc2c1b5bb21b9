package com.cmkverifier.core.rotation;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.types.ResourceTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Spec section 10, "may I disable this version?": per version of one key, the resources configured on it, the
 * successful uses by any caller over the look-back, and a state that is never {@code SAFE_TO_DISABLE} on
 * incomplete evidence or when the evidence does not reach back to the look-back's start.
 */
public final class RotationReadiness {

    /**
     * How far after the look-back's start the key's first audit record may lie for the evidence to count as
     * covering it: every CMK service calls its key at least daily (Storage checks once a day), so a key in use
     * leaves a record within a day. Later than that, the logs more likely begin there (retention, a new
     * diagnostic setting, a shorter export).
     */
    static final Duration COVERAGE_SLACK = Duration.ofDays(1);

    private RotationReadiness() {
    }

    /**
     * @param onKey    registry entries on this key (any version)
     * @param activity the audit activity over {@code lookBack}, read for this key
     */
    public static RotationReport assess(KeyId key, KeyLookup lookup, AuditActivity activity,
                                        List<ProtectedResource> onKey, Window lookBack) {
        List<String> issues = new ArrayList<>();
        for (SourceIssue i : activity.issues()) {
            if (i.vaultName() == null || i.vaultName().equalsIgnoreCase(key.vaultName())) {
                issues.add(i.message());
            }
        }
        List<ActivityGroup> groups = activity.groupsFor(key);
        Instant evidenceFrom = groups.stream().map(ActivityGroup::first).min(Comparator.naturalOrder()).orElse(null);
        String shortCoverage = coverageProblem(evidenceFrom, lookBack);
        List<KeyVersion> known = lookup instanceof KeyLookup.Found f ? f.versions() : List.of();
        if (!(lookup instanceof KeyLookup.Found)) {
            issues.add("key metadata: " + describe(lookup));
        }
        Optional<KeyVersion> newest = lookup instanceof KeyLookup.Found f ? f.newest() : Optional.empty();
        String current = known.stream().filter(KeyVersion::isEnabled)
                .max(Comparator.comparing(KeyVersion::created, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(KeyVersion::version).orElse(null);

        Map<String, Map<String, long[]>> usesByCaller = new TreeMap<>();
        Map<String, Map<String, Instant>> lastByCaller = new TreeMap<>();
        for (ActivityGroup g : groups) {
            boolean use = ResourceTypes.USE_OPERATIONS.stream().anyMatch(u -> u.equalsIgnoreCase(g.operation()));
            if (use && g.isSuccess() && g.version() != null) {
                String caller = callerLabel(activity, g);
                usesByCaller.computeIfAbsent(g.version(), v -> new TreeMap<>()).computeIfAbsent(caller,
                        c -> new long[1])[0] += g.count();
                lastByCaller.computeIfAbsent(g.version(), v -> new TreeMap<>()).merge(caller, g.last(),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        Map<String, List<String>> configured = new TreeMap<>();
        for (ProtectedResource r : onKey) {
            String v = r.key().isPinned() ? r.key().version() : newest.map(KeyVersion::version).orElse(null);
            if (v != null) {
                configured.computeIfAbsent(v, x -> new ArrayList<>()).add(r.name()
                        + (r.key().isPinned() ? " (pinned)" : " (versionless)"));
            }
        }
        Map<String, KeyVersion> versions = new LinkedHashMap<>();
        known.forEach(v -> versions.put(v.version(), v));
        usesByCaller.keySet().forEach(v -> versions.putIfAbsent(v, new KeyVersion(v, null, null, null, null, null,
                null, null, null, null)));
        configured.keySet().forEach(v -> versions.putIfAbsent(v, new KeyVersion(v, null, null, null, null, null,
                null, null, null, null)));

        List<VersionReadiness> out = new ArrayList<>();
        for (KeyVersion v : versions.values()) {
            Map<String, long[]> callers = usesByCaller.getOrDefault(v.version(), Map.of());
            Map<String, Instant> lasts = lastByCaller.getOrDefault(v.version(), Map.of());
            List<VersionReadiness.CallerUse> callerUses = new ArrayList<>();
            callers.forEach((c, n) -> callerUses.add(new VersionReadiness.CallerUse(c, n[0], lasts.get(c))));
            callerUses.sort(Comparator.comparingLong(VersionReadiness.CallerUse::uses).reversed());
            long uses = callerUses.stream().mapToLong(VersionReadiness.CallerUse::uses).sum();
            Instant lastUse = lasts.values().stream().max(Comparator.naturalOrder()).orElse(null);
            List<String> config = configured.getOrDefault(v.version(), List.of());
            boolean pinned = config.stream().anyMatch(s -> s.endsWith("(pinned)"));
            VersionState state;
            String reason;
            if (v.version().equals(current)) {
                state = VersionState.CURRENT;
                reason = "the newest enabled version";
            } else if (uses > 0 || pinned) {
                state = VersionState.IN_USE;
                reason = uses > 0 ? uses + " successful use(s) in the look-back, the last at " + lastUse
                        : "a resource is pinned to it";
            } else if (!issues.isEmpty()) {
                state = VersionState.UNKNOWN;
                reason = "the evidence is incomplete: " + String.join("; ", issues);
            } else if (shortCoverage != null) {
                state = VersionState.UNKNOWN;
                reason = shortCoverage;
            } else {
                state = VersionState.SAFE_TO_DISABLE;
                reason = "no successful use since " + lookBack.from() + " and no resource pinned to it";
            }
            out.add(new VersionReadiness(v.version(), v.enabled(), v.created(), v.expires(), config, uses, lastUse,
                    callerUses, state, reason));
        }
        out.sort(Comparator.comparing(VersionReadiness::created, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(VersionReadiness::version));
        return new RotationReport(key.toString(), lookBack, evidenceFrom, out, issues);
    }

    private static String coverageProblem(Instant evidenceFrom, Window lookBack) {
        if (evidenceFrom == null) {
            return "no audit record on the key in the look-back: the evidence does not show it is unused";
        }
        if (evidenceFrom.isAfter(lookBack.from().plus(COVERAGE_SLACK))) {
            return "the evidence starts at " + evidenceFrom + ", after the look-back's start " + lookBack.from()
                    + ": shorten --since or add older logs";
        }
        return null;
    }

    private static String callerLabel(AuditActivity activity, ActivityGroup g) {
        String name = activity.nameOf(g.caller());
        return name == null ? g.caller().label() : name + " (" + g.caller().label() + ")";
    }

    private static String describe(KeyLookup lookup) {
        if (lookup instanceof KeyLookup.Deleted d) {
            return d.detail();
        }
        if (lookup instanceof KeyLookup.NotFound n) {
            return n.detail();
        }
        return lookup instanceof KeyLookup.Unavailable u ? u.detail() : "found";
    }
}
