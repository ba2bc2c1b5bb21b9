package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.types.ResourceTypes;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The key's permitted operations lack what the resource's proof operations need (e.g. unwrapKey). */
public final class KeyOperationsMissing implements FindingRule {

    @Override
    public FindingCode code() {
        return FindingCode.KEY_OPERATIONS_MISSING;
    }

    @Override
    public String remediation() {
        return "Allow the missing operations on the key (az keyvault key set-attributes --ops ...); Key Vault"
                + " answers KeyOperationForbidden otherwise.";
    }

    @Override
    public Optional<Finding> evaluate(VerificationContext ctx) {
        Optional<KeyVersion> detailed = ctx.detailedVersion();
        if (detailed.isEmpty() || detailed.get().keyOps() == null) {
            return Optional.empty();
        }
        List<String> permitted = detailed.get().keyOps();
        List<String> missing = ctx.proofOperations().stream().map(ResourceTypes::keyOperationFor)
                .filter(Objects::nonNull).distinct()
                .filter(op -> permitted.stream().noneMatch(p -> p.equalsIgnoreCase(op))).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return found("key " + ctx.resource().key().keyName() + " does not permit " + String.join(", ", missing)
                        + ", which " + ctx.resource().type() + " needs",
                Evidence.of().put("version", detailed.get().version()).put("permitted", permitted)
                        .put("missing", missing).map());
    }
}
