package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.ExpectedIdentity;
import com.cmkverifier.core.types.ResourceTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The activity on one key seen from one resource: the expected identity's proof-of-use attempts (successes and
 * failures), other callers' successful uses, and per version the last successful use by anyone.
 */
public final class KeyUsage {

    /** Aggregate of a set of groups. */
    public record Tally(long count, Instant first, Instant last, Map<String, Long> byOperation,
                        Set<String> versions) {
        static Tally of(Collection<ActivityGroup> groups) {
            long n = 0;
            Instant first = null;
            Instant last = null;
            Map<String, Long> ops = new TreeMap<>();
            Set<String> versions = new TreeSet<>();
            for (ActivityGroup g : groups) {
                n += g.count();
                first = first == null || g.first().isBefore(first) ? g.first() : first;
                last = last == null || g.last().isAfter(last) ? g.last() : last;
                ops.merge(g.operation(), g.count(), Long::sum);
                if (g.version() != null) {
                    versions.add(g.version());
                }
            }
            return new Tally(n, first, last, ops, versions);
        }

        public boolean isEmpty() {
            return count == 0;
        }
    }

    private final List<ActivityGroup> expectedSuccesses;
    private final List<ActivityGroup> expectedFailures;
    private final Map<Caller, List<ActivityGroup>> otherSuccesses;
    private final Map<String, Tally> successesByVersion;
    private final Map<String, Tally> failuresByVersion;

    private KeyUsage(List<ActivityGroup> expectedSuccesses, List<ActivityGroup> expectedFailures,
                     Map<Caller, List<ActivityGroup>> otherSuccesses, Map<String, List<ActivityGroup>> okByVersion,
                     Map<String, List<ActivityGroup>> failedByVersion) {
        this.expectedSuccesses = expectedSuccesses;
        this.expectedFailures = expectedFailures;
        this.otherSuccesses = otherSuccesses;
        this.successesByVersion = tallies(okByVersion);
        this.failuresByVersion = tallies(failedByVersion);
    }

    private static Map<String, Tally> tallies(Map<String, List<ActivityGroup>> byVersion) {
        Map<String, Tally> out = new TreeMap<>();
        byVersion.forEach((version, groups) -> out.put(version, Tally.of(groups)));
        return out;
    }

    /**
     * @param groups     the key's activity in the window
     * @param expected   the resource's identity
     * @param proofOps   operations that count as proof for this resource (case-insensitive names)
     */
    public static KeyUsage of(List<ActivityGroup> groups, ExpectedIdentity expected, Collection<String> proofOps) {
        Predicate<String> isProof = op -> proofOps.stream().anyMatch(p -> p.equalsIgnoreCase(op));
        List<ActivityGroup> ok = new ArrayList<>();
        List<ActivityGroup> failed = new ArrayList<>();
        Map<Caller, List<ActivityGroup>> others = new LinkedHashMap<>();
        Map<String, List<ActivityGroup>> okByVersion = new TreeMap<>();
        Map<String, List<ActivityGroup>> failedByVersion = new TreeMap<>();
        for (ActivityGroup g : groups) {
            boolean use = ResourceTypes.USE_OPERATIONS.stream().anyMatch(u -> u.equalsIgnoreCase(g.operation()));
            if (use && g.version() != null && (g.isSuccess() || g.isFailure())) {
                (g.isSuccess() ? okByVersion : failedByVersion)
                        .computeIfAbsent(g.version(), v -> new ArrayList<>()).add(g);
            }
            if (expected.matches(g.caller())) {
                if (isProof.test(g.operation())) {
                    if (g.isSuccess()) {
                        ok.add(g);
                    } else if (g.isFailure()) {
                        failed.add(g);
                    }
                }
            } else if (use && g.isSuccess()) {
                others.computeIfAbsent(g.caller(), c -> new ArrayList<>()).add(g);
            }
        }
        return new KeyUsage(ok, failed, others, okByVersion, failedByVersion);
    }

    public Tally successes() {
        return Tally.of(expectedSuccesses);
    }

    public Tally failures() {
        return Tally.of(expectedFailures);
    }

    public List<ActivityGroup> failureGroups() {
        return expectedFailures;
    }

    /** True when the expected identity attempted a proof-of-use operation at all, successfully or not. */
    public boolean anyAttempt() {
        return !expectedSuccesses.isEmpty() || !expectedFailures.isEmpty();
    }

    /** Per other caller (not the expected identity), its successful uses of the key. */
    public Map<Caller, Tally> otherSuccessfulCallers() {
        Map<Caller, Tally> out = new LinkedHashMap<>();
        otherSuccesses.forEach((caller, groups) -> out.put(caller, Tally.of(groups)));
        return out;
    }

    /** Per key version, the successful uses of the key by any caller in the window: count, first and last. */
    public Map<String, Tally> successesByVersion() {
        return successesByVersion;
    }

    /** Per key version, the failed uses of the key by any caller in the window (records without a version left out). */
    public Map<String, Tally> failuresByVersion() {
        return failuresByVersion;
    }
}
