package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.KeyId;

import java.time.Instant;

/**
 * What the probe is about to disable, written before it does, so that {@code cmkv probe --restore} can
 * re-enable the version even when the probing process died.
 */
public record RestoreRecord(String resource, KeyId key, String version, Instant disabledAt) {

    /** A name unique per key version, safe as a file name (vault names, key names and versions are [a-z0-9-]). */
    public String fileName() {
        return key.vaultName() + "_" + key.keyName() + "_" + version + ".json";
    }
}
