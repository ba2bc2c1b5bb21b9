package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.KeyLocator;
import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.evidence.offline.EvidenceTime;
import com.cmkverifier.evidence.offline.MalformedRecordException;

/**
 * An audit record's values as text, as every shape's mapper extracts them; {@link #toAuditRecord} is the one
 * place that validates and normalises them.
 *
 * @param vault a resource id ({@code /SUBSCRIPTIONS/.../VAULTS/NAME}) or a bare vault name; may be null
 */
record RawRecord(String time, String operation, String status, String resultSignature, String resultDescription,
                 String vault, String id, String requestUri, Caller caller) {

    AuditRecord toAuditRecord(VaultNames vaults, KeyLocations keys) {
        if (time == null) {
            throw new MalformedRecordException("no time");
        }
        if (operation == null) {
            throw new MalformedRecordException("no operationName");
        }
        KeyLocator.Located located = keys.of(id);
        if (located == null) {
            located = keys.of(requestUri);
        }
        String vaultName = vaults.of(vault);
        if (vaultName == null && located != null) {
            vaultName = located.key().vaultName();
        }
        return new AuditRecord(EvidenceTime.parse(time), operation, status(status), resultSignature, resultDescription,
                vaultName, located == null ? null : located.key(), located == null ? null : located.version(),
                caller);
    }

    /** A number, possibly as a string and possibly real ({@code httpStatusCode_d}); absent means unknown. */
    static int status(String text) {
        if (text == null) {
            return AuditRecord.UNKNOWN_STATUS;
        }
        int plain = plainStatus(text);
        if (plain >= 0) {
            return plain;
        }
        String s = text.trim();
        try {
            return s.indexOf('.') < 0 ? Integer.parseInt(s) : (int) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new MalformedRecordException("unparseable HTTP status '" + EvidenceTime.abbreviate(s) + "'");
        }
    }

    /**
     * One to three ASCII digits, as nearly every record carries its status: read without the trim and the general
     * parse, which showed in the profile. -1 for anything else.
     */
    static int plainStatus(String text) {
        int n = text.length();
        if (n == 0 || n > 3) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
