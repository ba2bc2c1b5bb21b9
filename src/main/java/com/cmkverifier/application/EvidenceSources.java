package com.cmkverifier.application;

import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;

/**
 * Where the worker gets its evidence: the two core ports, nothing else. Production wires the live Azure
 * sources ({@code functions.AppContext}); tests wire files or their own implementations.
 */
public interface EvidenceSources {

    AuditLogSource auditLogs();

    KeyMetadataSource keyMetadata();
}
