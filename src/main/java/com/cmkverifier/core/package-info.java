/**
 * The core: the domain model, the matching of audit records to resources, the finding rules and the verdict.
 * Depends on the JDK only (java.base); everything else depends on it, never the other way round.
 */
package com.cmkverifier.core;
