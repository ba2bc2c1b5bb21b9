package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyLookup;

import java.util.Optional;

/** The key, or the pinned version, does not exist or is deleted. */
public final class KeyNotFound implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_NOT_FOUND;
    }

    @Override
    public String remediation() {
        return "Recover the soft-deleted key (az keyvault key recover) or point the resource at an existing key"
                + " before the service loses access to its data.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        String key = ctx.resource().key().url();
        if (ctx.keyLookup() instanceof KeyLookup.Deleted d) {
            return found("key " + key + " is deleted" + (d.deletedDate() == null ? "" : " since " + d.deletedDate()),
                    Evidence.of().put("key", key).put("deletedDate", d.deletedDate()).put("detail", d.detail()).map());
        }
        if (ctx.keyLookup() instanceof KeyLookup.NotFound n) {
            return found("key " + key + " does not exist", Evidence.of().put("key", key).put("detail", n.detail()).map());
        }
        if (ctx.keyLookup() instanceof KeyLookup.Found f && ctx.resource().key().isPinned()
                && f.versionListComplete() && f.version(ctx.resource().key().version()).isEmpty()) {
            return found("pinned version " + ctx.resource().key().version() + " of key "
                            + ctx.resource().key().keyName() + " does not exist",
                    Evidence.of().put("key", key).put("knownVersions", f.versions().size()).map());
        }
        return Optional.empty();
    }
}
