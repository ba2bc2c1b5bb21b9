package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;

/** Service Bus namespaces: up to three keys in {@code encryption.keyVaultProperties}, each with its own identity. */
public final class ServiceBusNamespaces implements ArmType {

    @Override
    public String type() {
        return "Microsoft.ServiceBus/namespaces";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        return MessagingEncryption.read(this, r);
    }
}
