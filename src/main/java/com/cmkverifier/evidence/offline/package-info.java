/**
 * Evidence exported to files, read without Azure: what both readers share, i.e. opening a file (gzip, byte
 * order mark), listing inputs, the lenient JSON value reading, evidence times and the malformed-record outcome.
 * Uses the JDK, Jackson and {@code core} only; the readers are in {@code auditlog} and {@code keys}.
 */
package com.cmkverifier.evidence.offline;
