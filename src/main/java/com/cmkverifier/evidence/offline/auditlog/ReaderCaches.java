package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.evidence.offline.EvidenceInput;

/**
 * What one reader thread keeps from file to file: the line readers with their string and caller caches, the
 * vault of the last resource id, the located keys and its buffers. A blob holds a few thousand lines, and the
 * next blob of the same vault names the same keys, callers and operations again; per file, the caches started
 * cold every 2 MB. Not thread-safe: one per reader thread.
 */
final class ReaderCaches {

    final PlainArchiveLine plain = new PlainArchiveLine();
    final ArchiveLineScanner scanner = new ArchiveLineScanner();
    final VaultNames vaults = new VaultNames();
    final KeyLocations keys = new KeyLocations();
    /** A file's first bytes and its lines' buffer: new ones per file were a third of the reading's allocation. */
    final byte[] head = new byte[EvidenceInput.HEAD_BYTES];
    final byte[] lines = new byte[ByteLines.BUFFER];
}
