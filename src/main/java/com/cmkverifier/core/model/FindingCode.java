package com.cmkverifier.core.model;

/** The stable finding codes of spec section 3, each with its fixed severity; the last seven judge Azure's configuration. */
public enum FindingCode {
    KEY_USE_CONFIRMED(Severity.INFO),
    KEY_USE_FAILING(Severity.ERROR),
    KEY_USE_RECOVERED(Severity.WARNING),
    NO_KEY_USE(Severity.INCONCLUSIVE),
    NO_AUDIT_LOGS(Severity.INCONCLUSIVE),
    SOURCE_INCOMPLETE(Severity.INCONCLUSIVE),
    KEY_NOT_FOUND(Severity.ERROR),
    KEY_DISABLED(Severity.ERROR),
    KEY_NOT_YET_VALID(Severity.ERROR),
    KEY_EXPIRED(Severity.WARNING),
    KEY_EXPIRING(Severity.WARNING),
    KEY_OPERATIONS_MISSING(Severity.ERROR),
    KEY_TYPE_UNSUPPORTED(Severity.ERROR),
    PURGE_PROTECTION_OFF(Severity.WARNING),
    PINNED_VERSION_OUTDATED(Severity.WARNING),
    STALE_KEY_VERSION(Severity.WARNING),
    UNEXPECTED_CALLER(Severity.WARNING),
    CMK_NOT_CONFIGURED(Severity.ERROR),
    KEY_MISMATCH(Severity.ERROR),
    IDENTITY_MISMATCH(Severity.WARNING),
    IDENTITY_SHARED(Severity.WARNING),
    KEY_ACCESS_LOST(Severity.ERROR),
    AUDIT_LOGS_NOT_ROUTED(Severity.WARNING),
    RESOURCE_NOT_FOUND(Severity.WARNING),
    // Outcomes of the disable-and-observe probe (spec section 11), not of a verification.
    PROBE_DEPENDENCY_PROVEN(Severity.INFO),
    PROBE_NO_EFFECT(Severity.ERROR),
    PROBE_NOT_RECOVERED(Severity.ERROR),
    PROBE_INCONCLUSIVE(Severity.INCONCLUSIVE);

    private final Severity severity;

    FindingCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
