package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;

import java.util.Locale;
import java.util.Optional;

/** The key's recoveryLevel contains "Purgeable": a deletion could destroy the data for good. */
public final class PurgeProtectionOff implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.PURGE_PROTECTION_OFF;
    }

    @Override
    public String remediation() {
        return "Turn on purge protection for the vault (az keyvault update --enable-purge-protection true).";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<String> level = ctx.usedVersion().map(KeyVersion::recoveryLevel)
                .or(() -> ctx.found().flatMap(f -> f.versions().stream().map(KeyVersion::recoveryLevel)
                        .filter(l -> l != null).findFirst()));
        if (level.isEmpty() || !level.get().toLowerCase(Locale.ROOT).contains("purgeable")) {
            return Optional.empty();
        }
        return found("key " + ctx.resource().key().keyName() + " can be purged (recovery level " + level.get()
                        + "): deleting it could destroy " + ctx.resource().name() + "'s data for good",
                Evidence.of().put("recoveryLevel", level.get()).map());
    }
}
