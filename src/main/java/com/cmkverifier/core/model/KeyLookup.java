package com.cmkverifier.core.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What a key metadata source could tell about one key. */
public sealed interface KeyLookup {

    /**
     * The key exists. {@code versions} holds every version known; {@code versionListComplete} says whether
     * they came from a full version listing, so that a missing pinned version means "deleted" and not
     * "not exported".
     */
    record Found(List<KeyVersion> versions, boolean versionListComplete) implements KeyLookup {
        public Found {
            versions = List.copyOf(versions);
        }

        public Optional<KeyVersion> version(String id) {
            return versions.stream().filter(v -> id != null && id.equalsIgnoreCase(v.version())).findFirst();
        }

        /** The current version: the newest by creation time; among equals, the detailed one. */
        public Optional<KeyVersion> newest() {
            return versions.stream().max(Comparator
                    .comparing(KeyVersion::created, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(KeyVersion::detailed));
        }
    }

    /** The key is deleted (a deleted-key bundle, or soft-deleted in the vault). */
    record Deleted(Instant deletedDate, String detail) implements KeyLookup {
    }

    /** The vault answered that the key does not exist. */
    record NotFound(String detail) implements KeyLookup {
    }

    /** The source could not tell: evidence missing, access denied, failure or timeout. */
    record Unavailable(String detail) implements KeyLookup {
    }
}
