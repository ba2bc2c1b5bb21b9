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
import java.util.ArrayList;
import java.util.List;

/**
 * What the audit log showed of the resource's identity since the version was disabled: read over the outage
 * {@code [disabledAt, reenabledAt]} (again after the re-enable, because records arrive late) and over
 * {@code [reenabledAt, observedUntil]} for the recovery.
 *
 * @param reenabledAt            null while the version is still disabled
 * @param failuresWhileDisabled  the identity's failed proof-of-use attempts on the probed version (or on the
 *                               key without a version) during the outage
 * @param successesWhileDisabled its successful proof-of-use operations on the key during the outage
 * @param successesAfter         its successful proof-of-use operations after the re-enable
 * @param failedOperations       failed attempts by operation and HTTP status, for the evidence
 */
public record ProbeObservation(ProtectedResource resource, String version, Instant disabledAt, Instant reenabledAt,
                               Instant observedUntil, long failuresWhileDisabled, Instant lastFailure,
                               long successesWhileDisabled, long successesAfter, Instant firstSuccessAfter,
                               List<String> failedOperations, List<SourceIssue> issues, String observerError) {

    public ProbeObservation {
        failedOperations = List.copyOf(failedOperations);
        issues = List.copyOf(issues);
    }

    /**
     * @param outage   activity over {@code [disabledAt, reenabledAt or observedUntil]}
     * @param recovery activity over {@code [reenabledAt, observedUntil]}, null while still disabled
     */
    public static ProbeObservation of(ProtectedResource r, String version, Instant disabledAt, Instant reenabledAt,
                                      Instant observedUntil, AuditActivity outage, AuditActivity recovery) {
        KeyUsage during = usage(outage, r);
        long failures = 0;
        Instant lastFailure = null;
        List<String> ops = new ArrayList<>();
        for (ActivityGroup g : during.failureGroups()) {
            if (g.version() == null || g.version().equalsIgnoreCase(version)) {
                failures += g.count();
                lastFailure = lastFailure == null || g.last().isAfter(lastFailure) ? g.last() : lastFailure;
                ops.add(g.operation() + " HTTP " + g.httpStatus() + " x" + g.count());
            }
        }
        List<SourceIssue> issues = new ArrayList<>(outage.issuesFor(r));
        KeyUsage.Tally after = null;
        if (recovery != null) {
            after = usage(recovery, r).successes();
            issues.addAll(recovery.issuesFor(r));
        }
        return new ProbeObservation(r, version, disabledAt, reenabledAt, observedUntil, failures, lastFailure,
                during.successes().count(), after == null ? 0 : after.count(), after == null ? null : after.first(),
                ops, issues, null);
    }

    private static KeyUsage usage(AuditActivity activity, ProtectedResource r) {
        ResourceTypeProfile profile = ResourceTypes.profile(r.type());
        List<String> proofOps = r.proofOperations().isEmpty() ? profile.proofOperations() : r.proofOperations();
        return KeyUsage.of(activity.groupsFor(r.key().keyId()), ExpectedIdentity.of(r, profile), proofOps);
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
