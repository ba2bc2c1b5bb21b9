package com.cmkverifier.core.types;

import java.util.List;
import java.util.Set;

/**
 * What a resource type does with its key (from {@code services.md}): which operations prove use, which
 * first-party application calls when the entry names no identity, and which keys it accepts. How fast a type
 * picks up a rotation is left to the one rotation grace of the spec ({@code STALE_KEY_VERSION}).
 *
 * @param allowedKeySizes RSA sizes the service accepts; empty means "at least {@code minKeySize}"
 */
public record ResourceTypeProfile(String type, List<String> proofOperations, Set<String> firstPartyAppIds,
                                  Set<String> allowedKeyTypes, int minKeySize, Set<Integer> allowedKeySizes) {

    public ResourceTypeProfile {
        proofOperations = List.copyOf(proofOperations);
        firstPartyAppIds = Set.copyOf(firstPartyAppIds);
        allowedKeyTypes = Set.copyOf(allowedKeyTypes);
        allowedKeySizes = Set.copyOf(allowedKeySizes);
    }

    public boolean hasFirstPartyCaller() {
        return !firstPartyAppIds.isEmpty();
    }
}
