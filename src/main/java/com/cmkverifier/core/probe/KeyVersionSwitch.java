package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.KeyId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads and sets the enabled state and the tags of key versions in Key Vault: the only writes the probe makes.
 * Needs a role with {@code Microsoft.KeyVault/vaults/keys/write} (Key Vault Crypto Officer), held by the person
 * running the probe, never by the Functions app. Failures are thrown as unchecked exceptions.
 */
public interface KeyVersionSwitch {

    /** The state of {@code version}, or of the latest version when {@code version} is null. */
    VersionState read(KeyId key, String version);

    /** @return the version's {@code updated} time as Key Vault reports it after the change */
    Instant setEnabled(KeyId key, String version, boolean enabled);

    /** Replaces the version's tags (Key Vault keeps tags per version). */
    void setTags(KeyId key, String version, Map<String, String> tags);

    /** Every version of the key with its state and tags. */
    List<VersionState> versions(KeyId key);

    /**
     * @param enabled true only when Key Vault said {@code enabled: true}: a missing field is not enabled
     * @param updated Key Vault's own time of the version's last change
     */
    record VersionState(String version, boolean enabled, Instant updated, Map<String, String> tags) {
        public VersionState {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }
}
