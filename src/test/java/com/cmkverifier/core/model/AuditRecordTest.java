package com.cmkverifier.core.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class AuditRecordTest {

    /** Around the ASCII capitals, Latin-1 capitals, and characters whose lower case differs in length. */
    private static final String SPECIAL = "@AMZ[`az{\u00c0\u00de\u00df\u00e9\u0130\u03a3\u212a";

    @Test
    void vaultNameAndVersionAreLowerCasedAsLocaleRootLowerCasesThem() {
        for (int at = 0; at < 16; at++) {
            for (char c : SPECIAL.toCharArray()) {
                String text = "kv-synth-010-abc".substring(0, at) + c + "kv-synth-010-abc".substring(at);
                AuditRecord r = new AuditRecord(Instant.EPOCH, "KeyUnwrap", 200, null, null, text, null, text, null);
                assertEquals(text.toLowerCase(Locale.ROOT), r.vaultName(), text);
                assertEquals(text.toLowerCase(Locale.ROOT), r.keyVersion(), text);
            }
        }
    }

    @Test
    void lowerCaseTextIsKeptAsItIs() {
        String name = "kv-synth-010";
        AuditRecord r = new AuditRecord(Instant.EPOCH, "KeyUnwrap", 200, null, null, name, null, null, null);
        assertSame(name, r.vaultName());
    }
}
