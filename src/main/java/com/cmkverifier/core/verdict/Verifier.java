package com.cmkverifier.core.verdict;

import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.rules.AuditLogsNotRouted;
import com.cmkverifier.core.rules.CmkNotConfigured;
import com.cmkverifier.core.rules.FindingRule;
import com.cmkverifier.core.rules.IdentityMismatch;
import com.cmkverifier.core.rules.IdentityShared;
import com.cmkverifier.core.rules.KeyAccessLost;
import com.cmkverifier.core.rules.KeyDisabled;
import com.cmkverifier.core.rules.KeyExpired;
import com.cmkverifier.core.rules.KeyExpiring;
import com.cmkverifier.core.rules.KeyMismatch;
import com.cmkverifier.core.rules.KeyNotFound;
import com.cmkverifier.core.rules.KeyNotYetValid;
import com.cmkverifier.core.rules.KeyOperationsMissing;
import com.cmkverifier.core.rules.KeyTypeUnsupported;
import com.cmkverifier.core.rules.KeyUseConfirmed;
import com.cmkverifier.core.rules.KeyUseFailing;
import com.cmkverifier.core.rules.KeyUseRecovered;
import com.cmkverifier.core.rules.NoAuditLogs;
import com.cmkverifier.core.rules.NoKeyUse;
import com.cmkverifier.core.rules.PinnedVersionOutdated;
import com.cmkverifier.core.rules.PurgeProtectionOff;
import com.cmkverifier.core.rules.ResourceNotFound;
import com.cmkverifier.core.rules.SourceIncomplete;
import com.cmkverifier.core.rules.StaleKeyVersion;
import com.cmkverifier.core.rules.UnexpectedCaller;
import com.cmkverifier.core.rules.VerificationContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Runs every finding rule on a context and turns the findings into a verdict. */
public final class Verifier {

    /** All rules, in the order their findings are reported. */
    public static final List<FindingRule> RULES = List.of(
            new KeyUseConfirmed(), new KeyUseFailing(), new KeyUseRecovered(), new NoKeyUse(), new NoAuditLogs(),
            new SourceIncomplete(), new KeyNotFound(), new KeyDisabled(), new KeyNotYetValid(), new KeyExpired(),
            new KeyExpiring(), new KeyOperationsMissing(), new KeyTypeUnsupported(), new PurgeProtectionOff(),
            new PinnedVersionOutdated(), new StaleKeyVersion(), new UnexpectedCaller(), new CmkNotConfigured(),
            new KeyMismatch(), new IdentityMismatch(), new IdentityShared(), new KeyAccessLost(),
            new AuditLogsNotRouted(), new ResourceNotFound());

    private Verifier() {
    }

    public static Verdict verify(VerificationContext ctx) {
        List<Finding> findings = new ArrayList<>();
        for (FindingRule rule : RULES) {
            rule.evaluate(ctx).ifPresent(findings::add);
        }
        return new Verdict(ctx.resource().name(), ctx.resource().type(), ctx.resource().key().url(), ctx.window(),
                StatusRule.of(findings), findings, versionReport(ctx));
    }

    /** Every version known from metadata or seen in the logs, newest first, with its uses in the window. */
    static List<KeyVersionReport> versionReport(VerificationContext ctx) {
        Map<String, KeyUsage.Tally> ok = ctx.usage().successesByVersion();
        Map<String, KeyUsage.Tally> failed = ctx.usage().failuresByVersion();
        String current = ctx.usedVersion().map(KeyVersion::version).orElse(null);
        Map<String, KeyVersionReport> out = new TreeMap<>();
        List<KeyVersion> known = ctx.keyLookup() instanceof KeyLookup.Found f ? f.versions() : List.of();
        for (KeyVersion v : known) {
            if (v.version() != null) {
                out.put(v.version(), report(v.version(), v.enabled(), v.created(), v.expires(), current, ok, failed));
            }
        }
        Set<String> seen = new TreeSet<>(ok.keySet());
        seen.addAll(failed.keySet());
        seen.forEach(version -> out.computeIfAbsent(version,
                x -> report(version, null, null, null, current, ok, failed)));
        return out.values().stream().sorted(Comparator
                .comparing(KeyVersionReport::created, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(KeyVersionReport::version)).toList();
    }

    private static KeyVersionReport report(String version, Boolean enabled, Instant created, Instant expires,
                                           String current, Map<String, KeyUsage.Tally> ok,
                                           Map<String, KeyUsage.Tally> failed) {
        KeyUsage.Tally s = ok.get(version);
        KeyUsage.Tally f = failed.get(version);
        return new KeyVersionReport(version, enabled, created, expires, version.equals(current),
                s == null ? 0 : s.count(), s == null ? null : s.last(), s == null ? null : s.first(),
                f == null ? 0 : f.count(), f == null ? null : f.first(), f == null ? null : f.last());
    }
}
