package com.cmkverifier.functions;

import java.util.Set;

/**
 * Who is calling, as far as the app can tell.
 *
 * @param objectId the caller's Entra object id, or {@code function-key} when one shared key cannot say who
 * @param roles    the app roles the caller holds
 */
record Caller(String objectId, Set<Role> roles) {

    Caller {
        roles = Set.copyOf(roles);
    }
}
