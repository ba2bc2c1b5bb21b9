package com.cmkverifier.functions;

import java.util.Set;

/**
 * The app roles of the app's own Entra registration (spec section 13), by the value the token's {@code roles}
 * claim carries. The registration declares the same values (infra/app/api-registration.bicep).
 */
enum Role {
    VERIFICATIONS_RUN("Verifications.Run"),
    RESULTS_READ("Results.Read"),
    REGISTRY_WRITE("Registry.Write");

    /** Starting a verification. */
    static final Set<Role> RUN = Set.of(VERIFICATIONS_RUN);
    /** Reading a verification: the caller that started it, or any reader of results. */
    static final Set<Role> RUN_OR_READ = Set.of(VERIFICATIONS_RUN, RESULTS_READ);
    /** Reading results, the registry and the API description. */
    static final Set<Role> READ = Set.of(RESULTS_READ);
    /** Changing the registry, by hand or by discovery. */
    static final Set<Role> WRITE = Set.of(REGISTRY_WRITE);

    private final String value;

    Role(String value) {
        this.value = value;
    }

    /** The claim value, as {@code Verifications.Run}. */
    String value() {
        return value;
    }
}
