package com.cmkverifier.evidence.offline.auditlog;

/**
 * What one reader thread keeps from file to file: the line readers with their string and caller caches, the
 * vault of the last resource id and the located keys. A blob holds a few thousand lines, and the next blob of
 * the same vault names the same keys, callers and operations again; per file, the caches started cold every
 * 2 MB. Not thread-safe: one per reader thread.
 */
final class ReaderCaches {

    final PlainArchiveLine plain = new PlainArchiveLine();
    final ArchiveLineScanner scanner = new ArchiveLineScanner();
    final VaultNames vaults = new VaultNames();
    final KeyLocations keys = new KeyLocations();
}
