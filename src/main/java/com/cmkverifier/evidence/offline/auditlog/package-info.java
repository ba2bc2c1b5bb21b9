/**
 * Audit logs exported to files (archive JSON Lines, {@code {"records":[...]}}, arrays, Log Analytics CSV and
 * JSON exports, plain or gzip) read into {@code core} activity. A file travels {@code AuditFileReader} ->
 * {@code AuditFileLayout} -> ({@code PlainArchiveLine} | {@code ArchiveLineScanner} | {@code RowShape} -> its
 * mapper) -> {@code RawRecord} -> {@code KeyLocator}; each archive line tries the cheaper readers first, and
 * the tree decides whatever they leave. Uses {@code core}, the shared {@code evidence.offline} classes and
 * Jackson; never the key-metadata reader.
 */
package com.cmkverifier.evidence.offline.auditlog;
