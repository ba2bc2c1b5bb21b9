package com.cmkverifier.lab;

import java.time.Instant;
import java.util.List;

/**
 * Everything the sample lab consists of, before it is written: the registry, the audit events, which key
 * metadata is exported in which shape, and where the evidence deviates from a plain archive.
 *
 * @param exportedVault  the vault whose events are exported from Log Analytics as CSV instead of archived
 * @param compressedBlob the archive blob written gzip-compressed
 * @param openBlob       the archive blob still being written: its last line is cut off
 */
record LabEvidence(Instant evaluationTime, String window, String description, List<RegistryEntry> registry,
                   List<AuditEvent> events, List<KeyExport> keyExports, String workspaceId, Vault exportedVault,
                   BlobRef compressedBlob, BlobRef openBlob) {

    /** Key metadata of one key in one export shape, at {@code path} under {@code keys/}. */
    record KeyExport(String path, KeyMetadataWriter.Form form, List<LabKey> versions) {
    }

    /** The archive blob of {@code vault} for the hour starting at {@code hour}. */
    record BlobRef(Vault vault, Instant hour) {
        String path() {
            return vault.blobPath(hour);
        }
    }
}
