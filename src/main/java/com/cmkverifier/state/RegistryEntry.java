package com.cmkverifier.state;

import com.cmkverifier.core.model.ProtectedResource;

/**
 * One stored registry entry with what is stored about it beside its content.
 *
 * @param resource the entry
 * @param etag     the stored version (Table Storage's ETag), sent back as If-Match to change exactly this version
 * @param changed  who last wrote it and when; null for a row written before that was recorded
 */
public record RegistryEntry(ProtectedResource resource, String etag, RegistryChange changed) {
}
