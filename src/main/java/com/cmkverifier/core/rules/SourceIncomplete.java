package com.cmkverifier.core.rules;

import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyLookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A log or key source failed, timed out, was throttled or answered partially. */
public final class SourceIncomplete implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.SOURCE_INCOMPLETE;
    }

    @Override
    public String remediation() {
        return "Fix the named source (role Key Vault Reader / Log Analytics Reader, network, throttling, missing"
                + " export) and verify again; the verdict cannot pass until every source answers completely.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        List<String> problems = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (SourceIssue i : ctx.logIssues()) {
            problems.add(i.message());
            sources.add(i.source());
        }
        if (ctx.keyLookup() instanceof KeyLookup.Unavailable u) {
            problems.add(u.detail());
            sources.add("key metadata");
        } else if (ctx.keyLookup() instanceof KeyLookup.Found f) {
            if (f.versions().isEmpty()) {
                problems.add("no version of key " + ctx.resource().key().keyName() + " is among the key metadata");
                sources.add("key metadata");
            } else if (ctx.resource().key().isPinned() && f.version(ctx.resource().key().version()).isEmpty()
                    && !f.versionListComplete()) {
                problems.add("metadata of pinned version " + ctx.resource().key().version()
                        + " is not among the key metadata (export the version list or that version)");
                sources.add("key metadata");
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return found("evidence is incomplete: " + String.join("; ", problems),
                Evidence.of().put("sources", sources.stream().distinct().toList()).put("problems", problems).map());
    }
}
