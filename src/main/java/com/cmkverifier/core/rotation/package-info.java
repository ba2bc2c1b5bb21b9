/**
 * Rotation readiness (spec section 10), "may I disable this version?": per key version, the resources on it, their
 * successful uses over the look-back and a state that is never safe on incomplete evidence. The JDK and the core only.
 */
package com.cmkverifier.core.rotation;
