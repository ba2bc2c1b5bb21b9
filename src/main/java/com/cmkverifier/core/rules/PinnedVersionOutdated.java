package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;

import java.util.Comparator;
import java.util.Optional;

/** The resource is pinned to a version and a newer enabled version exists. */
public final class PinnedVersionOutdated implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.PINNED_VERSION_OUTDATED;
    }

    @Override
    public String remediation() {
        return "Point the resource at the newest version, or at the versionless key URL to follow rotations.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<KeyLookup.Found> found = ctx.found();
        Optional<KeyVersion> pinned = ctx.resource().key().isPinned() ? ctx.usedVersion() : Optional.empty();
        if (found.isEmpty() || pinned.isEmpty() || pinned.get().created() == null) {
            return Optional.empty();
        }
        Optional<KeyVersion> newer = found.get().versions().stream()
                .filter(v -> v.isEnabled() && v.created() != null && v.created().isAfter(pinned.get().created()))
                .max(Comparator.comparing(KeyVersion::created));
        if (newer.isEmpty()) {
            return Optional.empty();
        }
        return found(ctx.resource().name() + " is pinned to version " + pinned.get().version() + " of key "
                        + ctx.resource().key().keyName() + " but a newer enabled version " + newer.get().version()
                        + " exists (created " + newer.get().created() + ")",
                Evidence.of().put("pinnedVersion", pinned.get().version()).put("pinnedCreated", pinned.get().created())
                        .put("newestVersion", newer.get().version()).put("newestCreated", newer.get().created()).map());
    }
}
