/**
 * One small final class per finding rule, named after its finding code (ArchitectureTest keeps it so), each
 * reading a VerificationContext. Uses the core model, activity and types; JDK only.
 */
package com.cmkverifier.core.rules;
