/**
 * The two ports the verifier reads evidence through (audit logs, key metadata), implemented by the adapters
 * under evidence. JDK only.
 */
package com.cmkverifier.core.sources;
