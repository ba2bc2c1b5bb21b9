package com.cmkverifier.evidence.offline;

import com.cmkverifier.core.model.KeyId;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Fixture files and the key they are mostly about, shared by the audit-log and key-metadata reader tests. */
public final class EvidenceFixtures {

    public static final KeyId STG_CMK = new KeyId("kv-cmk-prod.vault.azure.net", "stg-cmk");
    public static final String V1 = "0123456789abcdef0123456789abcdef";

    private EvidenceFixtures() {
    }

    /** A file or directory under the test resources' {@code evidence/}. */
    public static Path fixture(String relative) {
        try {
            return Path.of(EvidenceFixtures.class.getResource("/evidence/" + relative).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
