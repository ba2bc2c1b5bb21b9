package com.cmkverifier.state;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Table keys for user-chosen names. PartitionKey and RowKey forbid {@code / \ # ?} and control characters and
 * query filters quote them, so a name is never used raw: it is lower-cased (names are case-insensitive) and
 * Base64url-encoded, which leaves only {@code [A-Za-z0-9_-]}.
 */
public final class TableKeys {

    private TableKeys() {
    }

    public static String of(String name) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
}
