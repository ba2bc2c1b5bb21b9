package com.cmkverifier.application;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The discovery settings: read once at start, a bad value a message naming the setting. */
class DiscoverySettingsTest {

    private static final String SUB_A = "6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f";
    private static final String SUB_B = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String GROUP = "/providers/Microsoft.Management/managementGroups/mg-prod";

    private static AppSettings with(String name, String value) {
        return AppSettings.from(Map.of(AppSettings.STORAGE, "UseDevelopmentStorage=true", name, value));
    }

    private static String refused(String name, String value) {
        return assertThrows(BadSetting.class, () -> with(name, value)).getMessage();
    }

    @Test
    void absentScopeIsEverythingTheIdentityReadsAndTheArmEndpointIsThePublicCloud() {
        AppSettings s = AppSettings.from(Map.of(AppSettings.STORAGE, "UseDevelopmentStorage=true"));
        assertTrue(s.discoveryScope().subscriptions().isEmpty() && s.discoveryScope().managementGroups().isEmpty());
        assertEquals(URI.create("https://management.azure.com"), s.armEndpoint());
    }

    @Test
    void commaSeparatedSubscriptionsOrOneManagementGroup() {
        assertEquals(List.of(SUB_A, SUB_B), with(AppSettings.DISCOVERY_SCOPE, SUB_A + " , " + SUB_B.toUpperCase())
                .discoveryScope().subscriptions());
        assertEquals(List.of("mg-prod"), with(AppSettings.DISCOVERY_SCOPE, GROUP).discoveryScope().managementGroups());
    }

    @Test
    void aBadScopeIsRefusedNamingTheSetting() {
        for (String bad : List.of("not-a-subscription", SUB_A + ",", GROUP + "," + SUB_A, GROUP + "," + GROUP + "2",
                SUB_A + "'|union *")) {
            String message = refused(AppSettings.DISCOVERY_SCOPE, bad);
            assertTrue(message.startsWith("setting " + AppSettings.DISCOVERY_SCOPE + " must be"), message);
        }
    }

    @Test
    void anArmEndpointOtherThanAResourceManagerHostIsRefusedSoThatNoTokenLeavesAzure() {
        String message = refused(AppSettings.ARM_ENDPOINT, "https://attacker.example.net");
        assertTrue(message.contains(AppSettings.ARM_ENDPOINT), message);
        assertEquals(URI.create("https://management.usgovcloudapi.net"),
                with(AppSettings.ARM_ENDPOINT, "https://management.usgovcloudapi.net").armEndpoint());
    }
}
