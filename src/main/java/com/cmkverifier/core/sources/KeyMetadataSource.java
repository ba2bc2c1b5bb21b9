package com.cmkverifier.core.sources;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where key metadata comes from: exported JSON, or Key Vault. Failures are answered as
 * {@link KeyLookup.Unavailable}, never thrown.
 */
public interface KeyMetadataSource {

    /**
     * Everything known about a key: its versions (newest with details), and the details of each version in
     * {@code pinnedVersions} that resources are pinned to.
     */
    KeyLookup lookup(KeyId key, Set<String> pinnedVersions);

    /** Looks up many keys; implementations may do it concurrently, within the service's limits. */
    default Map<KeyId, KeyLookup> lookupAll(Map<KeyId, Set<String>> keys) {
        Map<KeyId, KeyLookup> out = new LinkedHashMap<>();
        keys.forEach((k, pinned) -> out.put(k, lookup(k, pinned)));
        return out;
    }
}
