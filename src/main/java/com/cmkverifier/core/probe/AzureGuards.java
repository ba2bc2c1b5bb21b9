package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.ExpectedIdentity;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.types.ResourceTypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The probe's guards checked against Azure (spec section 11, guards 2 to 7, in that order), once guard 1 passed:
 * Azure's own tags, the blast radius from the configuration and from the audit log, something to observe, the
 * outage's bounds and the version's state. Every guard is judged and every failure listed, so that one refusal
 * names all there is to fix.
 */
public final class AzureGuards {

    private AzureGuards() {
    }

    /** Why the probe must not disable the version, in guard order; empty when it may. */
    public static List<String> refusals(ProtectedResource target, ProbeFacts f, Duration maxOutage,
                                        Duration lookBack) {
        List<String> out = new ArrayList<>();
        tags(target, f, out);
        blastRadius(target, f, out);
        callers(target, f, lookBack, out);
        observable(target, f, lookBack, out);
        out.addAll(ProbeGuards.outageRefusals(target.type(), maxOutage));
        if (f.version() == null) {
            out.add("Key Vault: the version could not be read: " + f.keyProblem());
        } else if (!f.version().enabled()) {
            out.add("Key Vault: version " + f.version().version() + " of " + target.key().keyId() + " is not enabled"
                    + " now: nothing to probe (if an earlier probe left it so, run cmkv probe --live --restore)");
        }
        return out;
    }

    /** Guard 2: Azure's tags on the resource, its vault and the vault's resource group. */
    private static void tags(ProtectedResource target, ProbeFacts f, List<String> out) {
        if (f.resource() == null) {
            out.add("Resource Graph: " + (target.resourceId() == null ? target.name() + " has no resourceId in the"
                    + " registry, so Azure's tags for it cannot be read"
                    : "does not show " + target.resourceId() + " (missing, or not readable with your role)"));
        } else {
            String why = ProbeGuards.whyNotTest(f.resource().tags());
            if (why != null) {
                out.add("Resource Graph: the resource " + f.resource().id() + " " + why);
            }
        }
        notProduction("the key's vault", target.key().vaultName(), f.vault(), out);
        notProduction("the vault's resource group", "of vault " + target.key().vaultName(), f.vaultGroup(), out);
    }

    private static void notProduction(String what, String name, ProbeFacts.Tagged t, List<String> out) {
        if (t == null) {
            out.add("Resource Graph: does not show " + what + " (" + name + "), so its tags cannot be checked");
            return;
        }
        List<String> prod = ProbeGuards.productionTags(t.tags());
        if (!prod.isEmpty()) {
            out.add("Resource Graph: " + what + " " + t.id() + " carries a production value ("
                    + String.join(", ", prod) + ")");
        }
    }

    /** Guard 3: every resource that references the key is tagged test, and the scope was read fully. */
    private static void blastRadius(ProtectedResource target, ProbeFacts f, List<String> out) {
        if (!f.scopeGaps().isEmpty()) {
            out.add("cannot see every user of this key: " + String.join("; ", f.scopeGaps()));
        }
        List<String> others = f.keyUsers().stream()
                .filter(u -> !u.resourceId().equalsIgnoreCase(String.valueOf(target.resourceId())))
                .filter(u -> u.tags() == null || !ProbeGuards.isTestEnvironment(u.tags()))
                .map(u -> u.name() + " (" + u.resourceId() + (u.tags() == null ? ", tags unknown"
                        : ProbeGuards.whyNotTest(u.tags()) == null ? "" : ", " + ProbeGuards.whyNotTest(u.tags()))
                        + ")")
                .toList();
        if (!others.isEmpty()) {
            out.add("other resources use key " + target.key().keyId() + " and are not tagged as test environments"
                    + " in Azure: " + String.join("; ", others));
        }
    }

    /** Guard 4: every identity that used the version successfully belongs to a resource of guard 3 (or the target). */
    private static void callers(ProtectedResource target, ProbeFacts f, Duration lookBack, List<String> out) {
        if (f.logProblem() != null) {
            return;
        }
        ExpectedIdentity own = ExpectedIdentity.of(target, ResourceTypes.profile(target.type()));
        List<String> unknown = f.callers().stream()
                .filter(c -> !own.matches(c.caller()) && f.keyUsers().stream()
                        .noneMatch(u -> u.identity().matches(c.caller())))
                .map(c -> c.label() + " (" + c.uses() + " use(s))")
                .toList();
        if (!unknown.isEmpty()) {
            out.add("audit log: identities that belong to no resource known to use this key used version "
                    + versionOf(f) + " in the last " + lookBack + ": " + String.join("; ", unknown));
        }
    }

    /** Guard 5: the workspace answers completely now, and the resource's identity used the version. */
    private static void observable(ProtectedResource target, ProbeFacts f, Duration lookBack, List<String> out) {
        if (target.workspaceId() == null) {
            out.add("nothing to observe: " + target.name() + " has no workspaceId, so its failures could not be"
                    + " seen");
            return;
        }
        if (f.logProblem() != null) {
            out.add("nothing to observe: the workspace " + target.workspaceId() + " did not answer a complete query"
                    + " (" + f.logProblem() + "), and neither the callers of this version nor the resource's own"
                    + " use can be checked");
            return;
        }
        ExpectedIdentity own = ExpectedIdentity.of(target, ResourceTypes.profile(target.type()));
        long uses = f.callers().stream().filter(c -> own.matches(c.caller())).mapToLong(ProbeFacts.CallerUse::uses)
                .sum();
        if (uses == 0) {
            out.add("nothing to observe: " + target.name() + "'s identity did not use version " + versionOf(f)
                    + " successfully in the last " + lookBack + " (callers seen: " + (f.callers().isEmpty() ? "none"
                    : f.callers().stream().map(ProbeFacts.CallerUse::label).collect(Collectors.joining(", "))) + ")");
        }
    }

    private static String versionOf(ProbeFacts f) {
        return f.version() == null ? "(unread)" : f.version().version().toLowerCase(Locale.ROOT);
    }
}
