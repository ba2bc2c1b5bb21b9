package com.cmkverifier.state;

import com.cmkverifier.core.model.Registry;

import java.util.Map;

/**
 * The registry as one read found it.
 *
 * @param registry   every readable entry
 * @param etags      the version each readable entry was read as, by name
 * @param unreadable entries stored by an older version that no longer validate: name to the problem; skipped,
 *                   so that one bad row never stops the others
 * @param changes    who last wrote each readable entry and when, by name (absent for rows written before that was recorded)
 */
public record RegistrySnapshot(Registry registry, Map<String, String> etags, Map<String, String> unreadable,
                               Map<String, RegistryChange> changes) {
}
