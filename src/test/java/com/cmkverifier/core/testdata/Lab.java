package com.cmkverifier.core.testdata;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.Window;

import java.time.Duration;
import java.time.Instant;

/** The fixed world the core tests live in: one evaluation time, one vault, one key with two versions. */
public final class Lab {

    public static final Instant AT = Instant.parse("2025-03-01T12:00:00Z");
    public static final Window WINDOW = Window.ending(AT, Duration.ofHours(24));

    public static final String VAULT = "kv-cmk-prod";
    public static final String VAULT_HOST = VAULT + ".vault.azure.net";
    public static final String KEY_URL = "https://" + VAULT_HOST + "/keys/stg-cmk";
    public static final KeyId KEY = new KeyId(VAULT_HOST, "stg-cmk");
    /** Another key in the same vault. */
    public static final KeyId SIBLING_KEY = new KeyId(VAULT_HOST, "sql-cmk");
    /** The same key name in another vault. */
    public static final KeyId NAMESAKE_KEY = new KeyId("kv-cmk-dev.vault.azure.net", "stg-cmk");

    public static final String V_OLD = "0123456789abcdef0123456789abcdef";
    public static final String V_NEW = "fedcba9876543210fedcba9876543210";

    public static final String PRINCIPAL_ID = "11111111-1111-1111-1111-111111111111";
    public static final String CLIENT_ID = "22222222-2222-2222-2222-222222222222";
    public static final String RESOURCE_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data"
            + "/providers/Microsoft.Storage/storageAccounts/stcmkdata";

    /** The storage account's system-assigned identity, as its audit records name it (object id only). */
    public static final Caller IDENTITY = new Caller(PRINCIPAL_ID, null, null);
    /** Someone nobody registered. */
    public static final Caller STRANGER = new Caller("99999999-9999-9999-9999-999999999999",
            "88888888-8888-8888-8888-888888888888", null);

    private Lab() {
    }
}
