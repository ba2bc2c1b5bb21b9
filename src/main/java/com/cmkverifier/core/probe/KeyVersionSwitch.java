package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.KeyId;

/**
 * Reads and sets the enabled state of one key version in Key Vault: the only write the probe makes. Needs a
 * role with {@code Microsoft.KeyVault/vaults/keys/write} (Key Vault Crypto Officer), held by the person
 * running the probe, never by the Functions app. Failures are thrown as unchecked exceptions.
 */
public interface KeyVersionSwitch {

    /** The state of {@code version}, or of the latest version when {@code version} is null. */
    VersionState read(KeyId key, String version);

    void setEnabled(KeyId key, String version, boolean enabled);

    record VersionState(String version, boolean enabled) {
    }
}
