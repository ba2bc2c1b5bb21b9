package com.cmkverifier.core.types;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a resource type does with its key (from {@code services.md}): which operations prove use, which
 * first-party application calls when the entry names no identity, which keys it accepts, and how long after
 * a rotation it may keep using the previous version.
 *
 * @param allowedKeySizes RSA sizes the service accepts; empty means "at least {@code minKeySize}"
 */
public record ResourceTypeProfile(String type, List<String> proofOperations, Set<String> firstPartyAppIds,
                                  Set<String> allowedKeyTypes, int minKeySize, Set<Integer> allowedKeySizes,
                                  Duration rotationPickup) {

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
