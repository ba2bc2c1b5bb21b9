package com.cmkverifier.discovery.live;

/** A Resource Graph page failed: the discovery is incomplete, and an incomplete discovery changes no registry. */
public final class DiscoveryFailedException extends RuntimeException {

    public DiscoveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
