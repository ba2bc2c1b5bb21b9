package com.cmkverifier.state;

import com.cmkverifier.core.model.ProtectedResource;

/**
 * One stored registry entry with the version it was read as. A place for what is stored about an entry beside
 * its content (who changed it and when can join here).
 *
 * @param resource the entry
 * @param etag     the stored version (Table Storage's ETag), sent back as If-Match to change exactly this version
 */
public record RegistryEntry(ProtectedResource resource, String etag) {
}
