/**
 * Runs the rules for each resource and turns their findings into a verdict and a report, reading the two
 * source ports. Uses the rest of the core; JDK only.
 */
package com.cmkverifier.core.verdict;
