package com.cmkverifier.discovery;

import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.sources.ConfigurationSource;

import java.nio.file.Path;
import java.util.List;

/** Azure's description from exported files ({@code --resources}), read once. */
public final class OfflineConfigurationSource implements ConfigurationSource {

    private final AzureDescription description;
    private final AzureConfiguration configuration;

    public OfflineConfigurationSource(List<Path> paths) {
        this.description = DescriptionFiles.read(paths);
        this.configuration = description.configuration();
    }

    /** Rows that could not be used, for the report. */
    public List<AzureDescription.Skipped> skipped() {
        return description.skipped();
    }

    @Override
    public AzureConfiguration describe(List<ProtectedResource> resources) {
        return configuration;
    }
}
