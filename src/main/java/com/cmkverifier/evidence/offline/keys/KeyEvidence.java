package com.cmkverifier.evidence.offline.keys;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the key evidence says about one key, gathered across files; descriptions of a version are merged. */
final class KeyEvidence {

    private final Map<String, KeyVersion> versions = new LinkedHashMap<>();
    private boolean versionListComplete;
    private boolean deleted;
    private Instant deletedDate;

    void add(KeyVersionMapper.Described d) {
        if (d.deleted()) {
            deleted = true;
            if (d.deletedDate() != null && (deletedDate == null || d.deletedDate().isAfter(deletedDate))) {
                deletedDate = d.deletedDate();
            }
            return;
        }
        // Detailed values first, so that a bundle's values win over a listing's if they ever disagree.
        versions.merge(d.version().version(), d.version(),
                (old, neu) -> neu.detailed() && !old.detailed() ? neu.mergedWith(old) : old.mergedWith(neu));
    }

    void markVersionListComplete() {
        versionListComplete = true;
    }

    /** Deleted unless a version was created after the deletion (the name was reused for a new key). */
    KeyLookup lookup(KeyId key) {
        boolean recreated = deletedDate != null && versions.values().stream()
                .anyMatch(v -> v.created() != null && v.created().isAfter(deletedDate));
        if (deleted && !recreated) {
            return new KeyLookup.Deleted(deletedDate, "a deleted-key bundle for " + key + " is among the key evidence");
        }
        return new KeyLookup.Found(new ArrayList<>(versions.values()), versionListComplete);
    }
}
