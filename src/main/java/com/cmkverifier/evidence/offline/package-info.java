/**
 * Audit logs and key metadata read from exported files (archive blobs, Event Hub captures, Log Analytics
 * exports, az keyvault output), leniently, with every skipped line reported. Uses the core and Jackson; never the
 * entry points.
 */
package com.cmkverifier.evidence.offline;
