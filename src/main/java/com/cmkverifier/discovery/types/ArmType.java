package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;

import java.util.List;

/** Reads one ARM resource type's encryption: where the key and the identity are stated, and the "CMK off" signals. */
public interface ArmType {

    /** The type in its canonical casing, as the registry writes it. */
    String type();

    /**
     * @throws IllegalArgumentException when the row states a key that is not a Key Vault key URL: reported and
     *                                  skipped, never guessed
     */
    ResourceConfiguration read(ArmResource r);

    /** A configuration of this type with the given keys; Microsoft-managed when there are none. */
    default ResourceConfiguration of(ArmResource r, List<ConfiguredKey> keys, String keyAccessProblem) {
        return new ResourceConfiguration(r.id(), type(), r.name(), !keys.isEmpty(), keys, keyAccessProblem);
    }
}
