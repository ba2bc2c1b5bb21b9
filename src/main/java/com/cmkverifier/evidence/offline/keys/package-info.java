/**
 * Key metadata exported to JSON files (REST key bundles, version-list pages, {@code az} arrays) read into
 * {@code core} key lookups. Uses {@code core}, the shared {@code evidence.offline} classes and Jackson; never the
 * audit-log reader.
 */
package com.cmkverifier.evidence.offline.keys;
