package com.cmkverifier.functions;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The platform's principal header, in the shapes App Service's claim mapping gives it, and what is not one. */
class ClientPrincipalTest {

    private static String b64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theObjectIdAndTheAppRolesComeFromTheClaims() {
        Caller c = ClientPrincipal.parse(Principals.of("oid-1", "Results.Read", "Registry.Write")).orElseThrow();
        assertEquals("oid-1", c.objectId());
        assertEquals(Set.of(Role.RESULTS_READ, Role.REGISTRY_WRITE), c.roles());
    }

    @Test
    void rolesUnderTheMappedRoleClaimTypeAndTheShortOidClaimCountToo() {
        String role = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
        Caller c = ClientPrincipal.parse(b64("{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"oid\",\"val\":\"oid-2\"},"
                + "{\"typ\":\"" + role + "\",\"val\":\"Verifications.Run\"}],\"name_typ\":\"name\",\"role_typ\":\""
                + role + "\"}")).orElseThrow();
        assertEquals(new Caller("oid-2", Set.of(Role.VERIFICATIONS_RUN)), c);
    }

    @Test
    void roleValuesAreExactAndUnknownOnesOpenNothing() {
        Caller c = ClientPrincipal.parse(Principals.of("oid-3", "registry.write", "Registry.Write ", "Admin")).orElseThrow();
        assertEquals(Set.of(), c.roles());
    }

    @Test
    void aHeaderThatIsNotAPrincipalWithAnObjectIdIsNoCaller() {
        assertEquals(Optional.empty(), ClientPrincipal.parse(null));
        assertEquals(Optional.empty(), ClientPrincipal.parse("not base64!"));
        assertEquals(Optional.empty(), ClientPrincipal.parse(b64("[1,2]")));
        assertEquals(Optional.empty(), ClientPrincipal.parse(b64("{\"claims\":[{\"typ\":\"roles\",\"val\":\"Registry.Write\"}]}")));
        assertEquals(Optional.empty(), ClientPrincipal.parse(b64("{\"claims\":\"x\"}")));
        assertEquals(Optional.empty(), ClientPrincipal.parse("A".repeat(70_000)));
    }
}
