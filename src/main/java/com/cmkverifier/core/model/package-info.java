/**
 * The domain values: protected resources and their registry, key references and versions, audit records,
 * callers, findings and verdict statuses. JDK only.
 */
package com.cmkverifier.core.model;
