package com.cmkverifier.evidence.offline;

import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.sources.KeyMetadataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

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
        InputTally tally = new InputTally();
        Map<KeyId, KeyEvidence> keys = new HashMap<>();
        for (Path file : files(inputs, tally)) {
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

    private static SortedSet<Path> files(List<Path> inputs, InputTally tally) {
        SortedSet<Path> files = new TreeSet<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new IllegalArgumentException("key metadata path does not exist: " + input);
            }
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            } catch (IOException | UncheckedIOException e) {
                tally.skip(input.toString(), 0, "could not list the directory completely: " + e.getMessage());
            }
        }
        return files;
    }
}
