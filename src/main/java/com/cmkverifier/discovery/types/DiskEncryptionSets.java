package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;
import com.cmkverifier.discovery.ArmResource.ConfiguredIdentity;
import com.cmkverifier.discovery.KeyUrls;

import java.util.List;

/** Disk encryption sets: {@code activeKey.keyUrl} is always versioned; {@code rotationToLatestKeyVersionEnabled} makes the set versionless. */
public final class DiskEncryptionSets implements ArmType {

    @Override
    public String type() {
        return "Microsoft.Compute/diskEncryptionSets";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        String url = r.text("properties.activeKey.keyUrl");
        if (url == null) {
            return of(r, List.of(), null);
        }
        String fed = r.text("properties.federatedClientId");
        ConfiguredIdentity id = fed != null ? new ConfiguredIdentity(null, fed, null) : r.soleIdentity();
        return of(r, List.of(id.with(KeyUrls.parse(url, r.flag("properties.rotationToLatestKeyVersionEnabled")))), null);
    }
}
