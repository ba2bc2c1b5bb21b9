package com.cmkverifier.core.rotation;

/** Spec section 10: may this key version be disabled? */
public enum VersionState {
    /** The newest enabled version: what versionless resources use. */
    CURRENT,
    /** A successful use in the look-back, or a resource pinned to it. */
    IN_USE,
    /** Neither, and the audit evidence covered the whole look-back completely. */
    SAFE_TO_DISABLE,
    /** The evidence was incomplete or does not reach back to the look-back's start. */
    UNKNOWN
}
