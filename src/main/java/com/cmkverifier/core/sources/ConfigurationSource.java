package com.cmkverifier.core.sources;

import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.ProtectedResource;

import java.util.List;

/**
 * Port: Azure's own description of the resources to verify (spec section 9). A live source reads it in batches;
 * an offline one from exported files. {@link #NONE} leaves configuration out of the evidence.
 */
public interface ConfigurationSource {

    ConfigurationSource NONE = resources -> AzureConfiguration.NONE;

    /**
     * @throws RuntimeException when the description cannot be read; callers turn that into an inconclusive
     *                          verdict rather than a pass
     */
    AzureConfiguration describe(List<ProtectedResource> resources);
}
