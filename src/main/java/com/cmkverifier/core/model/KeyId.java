package com.cmkverifier.core.model;

import java.util.Locale;

/** A key independent of its version: vault host and key name, both lower case. */
public record KeyId(String vaultHost, String keyName) {

    public KeyId {
        vaultHost = vaultHost.toLowerCase(Locale.ROOT);
        keyName = keyName.toLowerCase(Locale.ROOT);
    }

    public String vaultName() {
        int dot = vaultHost.indexOf('.');
        return dot < 0 ? vaultHost : vaultHost.substring(0, dot);
    }

    @Override
    public String toString() {
        return "https://" + vaultHost + "/keys/" + keyName;
    }
}
