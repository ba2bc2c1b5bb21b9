package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.types.ResourceTypeProfile;

import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** The key's type or size is one the service cannot use (e.g. EC for Storage, RSA under 2048 bits). */
public final class KeyTypeUnsupported implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_TYPE_UNSUPPORTED;
    }

    @Override
    public String remediation() {
        return "Create an RSA or RSA-HSM key of a size the service supports and switch the resource to it.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<KeyVersion> detailed = ctx.detailedVersion();
        if (detailed.isEmpty() || detailed.get().keyType() == null) {
            return Optional.empty();
        }
        KeyVersion v = detailed.get();
        ResourceTypeProfile p = ctx.profile();
        String kty = v.keyType().toUpperCase(Locale.ROOT);
        String problem = null;
        if (!p.allowedKeyTypes().contains(kty)) {
            problem = "key type " + v.keyType() + " is not supported (allowed: " + new TreeSet<>(p.allowedKeyTypes()) + ")";
        } else if (v.keySizeBits() != null && v.keySizeBits() < p.minKeySize()) {
            problem = "RSA " + v.keySizeBits() + " is below the minimum of " + p.minKeySize() + " bits";
        } else if (v.keySizeBits() != null && !p.allowedKeySizes().isEmpty()
                && !p.allowedKeySizes().contains(v.keySizeBits())) {
            problem = "RSA " + v.keySizeBits() + " is not a supported size (allowed: "
                    + new TreeSet<>(p.allowedKeySizes()) + ")";
        }
        if (problem == null) {
            return Optional.empty();
        }
        return found("key " + ctx.resource().key().keyName() + " cannot serve " + ctx.resource().type() + ": " + problem,
                Evidence.of().put("version", v.version()).put("keyType", v.keyType()).put("keySize", v.keySizeBits())
                        .map());
    }
}
