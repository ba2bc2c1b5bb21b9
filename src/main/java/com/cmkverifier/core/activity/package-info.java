/**
 * From normalised audit records to per-key, per-resource activity: grouping, key location in record fields,
 * source issues, and what a resource's identity did with its key. Uses the core model; JDK only.
 */
package com.cmkverifier.core.activity;
