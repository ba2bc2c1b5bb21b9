/**
 * Deliberately bad classes, never production code: {@code ArchitectureTest} runs its rules on them to show
 * that each rule reports a violation.
 */
package com.cmkverifier.archfixture;
