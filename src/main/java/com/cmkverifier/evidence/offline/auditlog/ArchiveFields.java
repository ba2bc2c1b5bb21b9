package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.model.Caller;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of a plain archive record that {@link ArchiveRecordMapper} reads, kept by slot while a line is
 * scanned, and the record they make: shared by the byte-level and the token-level scanner so that both answer
 * with the same layout rules. Not thread-safe: one per scanner.
 */
final class ArchiveFields {

    static final int TIME = 0;
    static final int OPERATION = 1;
    static final int STATUS = 2;
    static final int SIGNATURE = 3;
    static final int DESCRIPTION = 4;
    static final int RESOURCE_ID = 5;
    static final int ID = 6;
    static final int REQUEST_URI = 7;
    static final int PROPERTIES_STATUS = 8;
    static final int PROPERTIES_ID = 9;
    static final int PROPERTIES_REQUEST_URI = 10;
    static final int OID = 11;
    static final int LONG_OID = 12;
    static final int APP_ID = 13;
    static final int MANAGED_IDENTITY = 14;
    static final int PROPERTIES = 15;
    static final int IDENTITY = 16;
    static final int CLAIM = 17;
    private static final int SLOTS = 18;

    static final Map<String, Integer> RECORD_FIELDS = Map.of("time", TIME, "operationName", OPERATION,
            "httpStatusCode", STATUS, "resultSignature", SIGNATURE, "resultDescription", DESCRIPTION,
            "resourceId", RESOURCE_ID, "id", ID, "requestUri", REQUEST_URI);
    static final Map<String, Integer> PROPERTIES_FIELDS = Map.of("httpStatusCode", PROPERTIES_STATUS,
            "id", PROPERTIES_ID, "requestUri", PROPERTIES_REQUEST_URI);
    static final Map<String, Integer> CLAIM_FIELDS = Map.of("oid", OID, Claims.OBJECT_ID_URI, LONG_OID,
            "appid", APP_ID, "xms_mirid", MANAGED_IDENTITY);
    /** Fields that make the record another shape ({@link RowShape}) or a container: the tree decides. */
    static final Set<String> NOT_ARCHIVE = Set.of("records", "TimeGenerated", "OperationName");
    /** The Managed HSM sample's nested object-id claim, read by {@link Claims} from the tree. */
    static final String NESTED_CLAIM = "http_schemas_microsoft_com_identity";
    private static final int CALLER_SLOTS = 4096;

    final String[] values = new String[SLOTS];
    private final boolean[] seen = new boolean[SLOTS];
    /** Set when {@code identity} is a JSON string, which {@link Claims} parses itself. */
    Caller identityText;
    /**
     * The callers made lately, by the claims they were made from: a blob has a few hundred callers, and a new one
     * per record cost trimming and lower-casing three ids again. One entry per slot, the newest winning; enough
     * slots that a blob's callers rarely share one (at 256, about four lookups in ten missed, by the
     * allocation profile).
     */
    private final String[][] callerClaims = new String[CALLER_SLOTS][];
    private final Caller[] callers = new Caller[CALLER_SLOTS];

    void clear() {
        Arrays.fill(values, null);
        Arrays.fill(seen, false);
        identityText = null;
    }

    /** False when the field was already seen: a repeated field is left to the tree. */
    boolean first(int slot) {
        if (seen[slot]) {
            return false;
        }
        seen[slot] = true;
        return true;
    }

    RawRecord record() {
        String oid = values[OID] != null ? values[OID] : values[LONG_OID];
        Caller caller = identityText != null ? identityText : caller(oid, values[APP_ID], values[MANAGED_IDENTITY]);
        return new RawRecord(values[TIME], values[OPERATION], either(PROPERTIES_STATUS, STATUS), values[SIGNATURE],
                values[DESCRIPTION], values[RESOURCE_ID], either(PROPERTIES_ID, ID),
                either(PROPERTIES_REQUEST_URI, REQUEST_URI), caller);
    }

    private Caller caller(String oid, String appId, String managedIdentity) {
        int h = 31 * (31 * Objects.hashCode(oid) + Objects.hashCode(appId)) + Objects.hashCode(managedIdentity);
        int slot = (h ^ (h >>> 8)) & (CALLER_SLOTS - 1);
        String[] claims = callerClaims[slot];
        if (claims != null && Objects.equals(claims[0], oid) && Objects.equals(claims[1], appId)
                && Objects.equals(claims[2], managedIdentity)) {
            return callers[slot];
        }
        Caller made = new Caller(oid, appId, managedIdentity);
        callerClaims[slot] = new String[] {oid, appId, managedIdentity};
        callers[slot] = made;
        return made;
    }

    private String either(int inProperties, int atTop) {
        return values[inProperties] != null ? values[inProperties] : values[atTop];
    }
}
