package com.cmkverifier.core.probe;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.ExpectedIdentity;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.types.ResourceTypeProfile;
import com.cmkverifier.core.types.ResourceTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the audit log showed of the probed version since it was disabled, by the resource's identity only and on
 * that version only. The times are Key Vault's own ({@code updated} after the disable and after the re-enable),
 * never this machine's clock. A failure on the version at any time after the disable shows the dependency;
 * a success counts against it only from the type's notice time on ({@code disabledAt + notice}), since the service
 * may use a cached key until then.
 *
 * @param reenabledAt            Key Vault's time of the re-enable; null while the version is still disabled
 * @param failuresWhileDisabled  the identity's failed attempts on the version over {@code [disabledAt, end]}
 * @param successesWhileDisabled its successful proof-of-use operations on the version over {@code [noticeAt, end]}
 * @param successesAfter         its successful proof-of-use operations on the version after the re-enable
 * @param otherFailures          other identities that failed on the version during the outage: the probe stops
 * @param failedOperations       failed attempts by operation and HTTP status, for the evidence
 */
public record ProbeObservation(ProtectedResource resource, String version, Instant disabledAt, Instant noticeAt,
                               Instant reenabledAt, Instant observedUntil, long failuresWhileDisabled,
                               Instant lastFailure, long successesWhileDisabled, long successesAfter,
                               Instant firstSuccessAfter, List<String> failedOperations, List<String> otherFailures,
                               List<SourceIssue> issues, String observerError) {

    public ProbeObservation {
        failedOperations = List.copyOf(failedOperations);
        otherFailures = List.copyOf(otherFailures);
        issues = List.copyOf(issues);
    }

    /**
     * @param outage   activity over {@code [disabledAt, end]}, {@code end} the re-enable or now
     * @param noticed  activity over {@code [noticeAt, end]}; null when the notice time has not come
     * @param recovery activity over {@code [reenabledAt, observedUntil]}, null while still disabled
     */
    public static ProbeObservation of(ProtectedResource r, String version, Instant disabledAt, Instant reenabledAt,
                                      Instant observedUntil, AuditActivity outage, AuditActivity noticed,
                                      AuditActivity recovery) {
        ExpectedIdentity own = ExpectedIdentity.of(r, ResourceTypes.profile(r.type()));
        long failures = 0;
        Instant lastFailure = null;
        List<String> ops = new ArrayList<>();
        TreeSet<String> others = new TreeSet<>();
        for (ActivityGroup g : onVersion(outage, r, version)) {
            if (!g.isFailure()) {
                continue;
            }
            if (own.matches(g.caller())) {
                failures += g.count();
                lastFailure = lastFailure == null || g.last().isAfter(lastFailure) ? g.last() : lastFailure;
                ops.add(g.operation() + " HTTP " + g.httpStatus() + " x" + g.count());
            } else {
                String name = outage.nameOf(g.caller());
                others.add(name == null ? g.caller().label() : name + " (" + g.caller().label() + ")");
            }
        }
        List<SourceIssue> issues = new ArrayList<>(outage.issuesFor(r));
        long successes = 0;
        if (noticed != null) {
            successes = successes(noticed, r, version, own).count();
            issues.addAll(noticed.issuesFor(r));
        }
        long after = 0;
        Instant firstAfter = null;
        if (recovery != null) {
            Tally t = successes(recovery, r, version, own);
            after = t.count();
            firstAfter = t.first();
            issues.addAll(recovery.issuesFor(r));
        }
        return new ProbeObservation(r, version, disabledAt, noticeAt(r, disabledAt), reenabledAt, observedUntil,
                failures, lastFailure, successes, after, firstAfter, ops, List.copyOf(others), issues, null);
    }

    /** When the type is expected to have noticed the disable: Key Vault's disable time plus its notice time. */
    public static Instant noticeAt(ProtectedResource r, Instant disabledAt) {
        return disabledAt.plus(NoticeTimes.of(r.type()).notice());
    }

    private record Tally(long count, Instant first) {
    }

    private static Tally successes(AuditActivity a, ProtectedResource r, String version, ExpectedIdentity own) {
        ResourceTypeProfile profile = ResourceTypes.profile(r.type());
        List<String> proofOps = r.proofOperations().isEmpty() ? profile.proofOperations() : r.proofOperations();
        long n = 0;
        Instant first = null;
        for (ActivityGroup g : onVersion(a, r, version)) {
            if (g.isSuccess() && own.matches(g.caller()) && g.version() != null
                    && proofOps.stream().anyMatch(op -> op.equalsIgnoreCase(g.operation()))) {
                n += g.count();
                first = first == null || g.first().isBefore(first) ? g.first() : first;
            }
        }
        return new Tally(n, first);
    }

    /** The key's groups on the probed version; a failure that names no version counts as on it. */
    private static List<ActivityGroup> onVersion(AuditActivity a, ProtectedResource r, String version) {
        return a.groupsFor(r.key().keyId()).stream()
                .filter(g -> g.version() == null ? g.isFailure() : g.version().equalsIgnoreCase(version)).toList();
    }

    /** An observation that could not be made: the audit source threw. */
    public static ProbeObservation failed(ProtectedResource r, String version, Instant disabledAt,
                                          Instant reenabledAt, Instant observedUntil, String error) {
        return new ProbeObservation(r, version, disabledAt, noticeAt(r, disabledAt), reenabledAt, observedUntil, 0,
                null, 0, 0, null, List.of(), List.of(), List.of(), error);
    }

    public boolean complete() {
        return issues.isEmpty() && observerError == null;
    }

    public boolean dependencyShown() {
        return failuresWhileDisabled > 0;
    }

    public boolean recovered() {
        return successesAfter > 0;
    }

    /** How long the version stayed disabled by Key Vault's own clock; up to now while it still is. */
    public Duration outage() {
        return Duration.between(disabledAt, reenabledAt == null ? observedUntil : reenabledAt);
    }

    /** True when the outage lasted at least the type's documented notice time: only then does "no failure" mean anything. */
    public boolean outageCoversNotice() {
        NoticeTimes.Timing t = NoticeTimes.of(resource.type());
        return t.documented() && outage().compareTo(t.notice()) >= 0;
    }
}
