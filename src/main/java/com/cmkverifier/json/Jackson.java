package com.cmkverifier.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one plain Jackson mapper, shared because a mapper is costly to build and thread-safe once built. Nobody
 * reconfigures it: a reader that needs limits against hostile input (the registry, request bodies) builds its own.
 */
public final class Jackson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Jackson() {
    }
}
