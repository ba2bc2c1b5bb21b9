package com.cmkverifier.core.rules;

import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;

import java.util.List;
import java.util.Optional;

/**
 * A versionless resource whose successful uses in the window are all on an older version, although the newest
 * version has existed for longer than the rotation grace: the rotation was not picked up.
 */
public final class StaleKeyVersion implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.STALE_KEY_VERSION;
    }

    @Override
    public String remediation() {
        return "Check the resource's automatic key rotation setting (e.g. rotationToLatestKeyVersionEnabled) and"
                + " keep the old version enabled until the resource has moved.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        if (ctx.resource().key().isPinned()) {
            return Optional.empty();
        }
        Optional<KeyVersion> newest = ctx.found().flatMap(f -> f.newest());
        KeyUsage.Tally ok = ctx.usage().successes();
        if (newest.isEmpty() || newest.get().created() == null || ok.versions().isEmpty()
                || ok.versions().contains(newest.get().version())
                || !newest.get().created().plus(ctx.settings().rotationGrace()).isBefore(ctx.at())) {
            return Optional.empty();
        }
        return found(ctx.resource().name() + " still uses " + String.join(", ", ok.versions()) + " of key "
                        + ctx.resource().key().keyName() + "; the newest version " + newest.get().version()
                        + " exists since " + newest.get().created(),
                Evidence.of().put("versionsUsed", List.copyOf(ok.versions()))
                        .put("newestVersion", newest.get().version()).put("newestCreated", newest.get().created())
                        .put("rotationGrace", ctx.settings().rotationGrace().toString()).map());
    }
}
