package com.cmkverifier.discovery.types;

import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.discovery.ArmResource;

/** Event Hubs namespaces: the Service Bus shape (clusters carry no key: CMK lives on their namespaces). */
public final class EventHubNamespaces implements ArmType {

    @Override
    public String type() {
        return "Microsoft.EventHub/namespaces";
    }

    @Override
    public ResourceConfiguration read(ArmResource r) {
        return MessagingEncryption.read(this, r);
    }
}
