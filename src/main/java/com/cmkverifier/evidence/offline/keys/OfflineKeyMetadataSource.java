package com.cmkverifier.evidence.offline.keys;

import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.evidence.offline.EvidenceInput;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Key metadata exported to JSON files (spec section 6), read once up front. A key absent from the evidence is
 * {@link KeyLookup.Unavailable}: a missing export is not a deleted key.
 */
public final class OfflineKeyMetadataSource implements KeyMetadataSource {

    private final Map<KeyId, KeyLookup> lookups;
    private final InputStats stats;

    private OfflineKeyMetadataSource(Map<KeyId, KeyLookup> lookups, InputStats stats) {
        this.lookups = Map.copyOf(lookups);
        this.stats = stats;
    }

    /**
     * Reads every file under {@code inputs} (files or directories, recursively, in sorted order). Malformed
     * content is skipped and counted in {@link #stats()}, never thrown.
     *
     * @throws IllegalArgumentException when an input does not exist
     */
    public static OfflineKeyMetadataSource read(List<Path> inputs) {
        EvidenceInput.requireExisting(inputs, "key metadata");
        InputTally tally = new InputTally();
        Map<KeyId, KeyEvidence> keys = new HashMap<>();
        for (Path file : EvidenceInput.files(inputs, (input, e) -> tally.skip(input.toString(), 0,
                "could not list the directory completely: " + e.getMessage()))) {
            new KeyMetadataFileReader(file, keys, tally).read();
        }
        Map<KeyId, KeyLookup> lookups = new HashMap<>();
        keys.forEach((k, e) -> lookups.put(k, e.lookup(k)));
        return new OfflineKeyMetadataSource(lookups, tally.stats());
    }

    @Override
    public KeyLookup lookup(KeyId key, Set<String> pinnedVersions) {
        KeyLookup found = lookups.get(key);
        return found != null ? found : new KeyLookup.Unavailable("no metadata for " + key
                + " among the key evidence: export it with az keyvault key show --id " + key
                + " and az keyvault key list-versions --id " + key);
    }

    /** Files read, key version objects used, and objects skipped as malformed (with file and line). */
    public InputStats stats() {
        return stats;
    }
}
