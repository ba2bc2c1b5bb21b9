package com.cmkverifier.core.probe;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.ExpectedIdentity;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.types.ResourceTypeProfile;
import com.cmkverifier.core.types.ResourceTypes;

import java.time.Instant;
import java.util.List;

/**
 * What the audit log showed of the resource's identity since the version was disabled, split at the moment
 * it was enabled again. Activity groups carry the first and last time of their records, so "a failure while
 * disabled" is a failure group that began before the re-enable, and "a success after" one that ended after it.
 *
 * @param reenabledAt            null while the version is still disabled
 * @param failuresWhileDisabled  the identity's failed proof-of-use attempts on the probed version (or on the
 *                               key without a version) between disable and re-enable
 * @param successesWhileDisabled its successful proof-of-use operations on the key in that time
 * @param successesAfter         its successful proof-of-use operations after the re-enable
 * @param failedOperations       failed attempts by HTTP status, for the evidence
 */
public record ProbeObservation(ProtectedResource resource, String version, Instant disabledAt, Instant reenabledAt,
                               Instant observedUntil, long failuresWhileDisabled, Instant lastFailure,
                               long successesWhileDisabled, long successesAfter, Instant firstSuccessAfter,
                               List<String> failedOperations, List<SourceIssue> issues, String observerError) {

    public ProbeObservation {
        failedOperations = List.copyOf(failedOperations);
        issues = List.copyOf(issues);
    }

    /** Reads the identity's activity from {@code activity}, which covers {@code [disabledAt, observedUntil]}. */
    public static ProbeObservation of(AuditActivity activity, ProtectedResource r, String version,
                                      Instant disabledAt, Instant reenabledAt, Instant observedUntil) {
        ResourceTypeProfile profile = ResourceTypes.profile(r.type());
        List<String> proofOps = r.proofOperations().isEmpty() ? profile.proofOperations() : r.proofOperations();
        KeyUsage usage = KeyUsage.of(activity.groupsFor(r.key().keyId()), ExpectedIdentity.of(r, profile), proofOps);
        Instant split = reenabledAt == null ? Instant.MAX : reenabledAt;
        long failures = 0;
        Instant lastFailure = null;
        List<String> ops = new java.util.ArrayList<>();
        for (ActivityGroup g : usage.failureGroups()) {
            boolean onVersion = g.version() == null || g.version().equalsIgnoreCase(version);
            if (onVersion && g.first().isBefore(split)) {
                failures += g.count();
                lastFailure = lastFailure == null || g.last().isAfter(lastFailure) ? g.last() : lastFailure;
                ops.add(g.operation() + " " + g.httpStatus() + " x" + g.count());
            }
        }
        long okWhile = 0;
        long okAfter = 0;
        Instant firstAfter = null;
        for (ActivityGroup g : usage.successGroups()) {
            if (g.first().isBefore(split)) {
                okWhile += g.count();
            }
            if (reenabledAt != null && !g.last().isBefore(reenabledAt)) {
                okAfter += g.count();
                Instant t = g.first().isBefore(reenabledAt) ? g.last() : g.first();
                firstAfter = firstAfter == null || t.isBefore(firstAfter) ? t : firstAfter;
            }
        }
        return new ProbeObservation(r, version, disabledAt, reenabledAt, observedUntil, failures, lastFailure,
                okWhile, okAfter, firstAfter, ops, activity.issuesFor(r), null);
    }

    /** An observation that could not be made: the audit source threw. */
    public static ProbeObservation failed(ProtectedResource r, String version, Instant disabledAt,
                                          Instant reenabledAt, Instant observedUntil, String error) {
        return new ProbeObservation(r, version, disabledAt, reenabledAt, observedUntil, 0, null, 0, 0, null,
                List.of(), List.of(), error);
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
}
