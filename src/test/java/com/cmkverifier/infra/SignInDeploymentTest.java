package com.cmkverifier.infra;

import com.cmkverifier.application.ApiAuthentication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment signs callers in before any function runs (spec section 13): App Service Authentication
 * (authsettingsV2; property names from the Microsoft.Web/sites/config 'authsettingsV2' template reference) with
 * the Entra provider for the API's own registration, which declares the three app roles the app checks.
 */
class SignInDeploymentTest {

    private static final Path REGISTRATION = DeploymentFiles.INFRA.resolve("app/api-registration.bicep");

    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static String authSettings() {
        List<BicepText.Resource> config = BicepText.read(DeploymentFiles.API_BICEP).declared("config").stream()
                .filter(r -> r.body().contains("'authsettingsV2'")).toList();
        assertEquals(1, config.size(), "api.bicep declares authsettingsV2 once");
        return flat(config.get(0).body());
    }

    @Test
    void everyRequestNeedsAnEntraTokenForTheApisAudienceOrIsAnswered401() {
        String auth = authSettings();
        assertTrue(auth.contains("platform: { enabled: true }"), auth);
        assertTrue(auth.contains("globalValidation: { requireAuthentication: true unauthenticatedClientAction: 'Return401' }"), auth);
        assertTrue(auth.contains("azureActiveDirectory: { enabled: true registration: { clientId: apiClientId"), auth);
        assertTrue(auth.contains("validation: { allowedAudiences: [ apiAudience ] }"), auth);
        assertTrue(auth.contains("tokenStore: { enabled: false }"), auth);
        assertTrue(flat(BicepText.read(DeploymentFiles.API_BICEP).code())
                .contains("resource authentication 'config' = if (authMode == 'entra')"));
    }

    @Test
    void theAppIsToldWhichModeAndNeverFakesThePlatformsFlag() {
        Map<String, String> settings = BicepText.read(DeploymentFiles.API_BICEP).varObject("appSettings").orElseThrow();
        assertEquals("authMode", settings.get(ApiAuthentication.MODE));
        assertEquals("'entra'", BicepText.read(DeploymentFiles.API_BICEP).paramDefault("authMode").orElseThrow());
        // WEBSITE_AUTH_ENABLED is the platform's word that it strips forged principals; a setting must not claim it.
        for (Path bicep : DeploymentFiles.bicepFiles()) {
            assertFalse(DeploymentFiles.read(bicep).matches("(?s).*\\b" + ApiAuthentication.PLATFORM_AUTH + "\\s*:.*"),
                    bicep::toString);
        }
    }

    @Test
    void theDeploymentCreatesTheRegistrationWithTheThreeAppRolesAndRequiresAnAssignment() throws Exception {
        BicepText registration = BicepText.read(REGISTRATION);
        assertTrue(registration.code().contains("extension microsoftGraphV1"));
        String app = flat(registration.declared("Microsoft.Graph/applications").get(0).body());
        String roles = flat(registration.code());
        for (String role : List.of("Verifications.Run", "Results.Read", "Registry.Write")) {
            assertTrue(roles.contains("value: '" + role + "'"), role);
        }
        assertTrue(app.contains("appRoles: [for role in roles:"), app);
        assertTrue(app.contains("identifierUris: [ 'api://${name}' ]"), app);
        String sp = flat(registration.declared("Microsoft.Graph/servicePrincipals").get(0).body());
        assertTrue(sp.contains("appRoleAssignmentRequired: true"), sp);

        BicepText main = BicepText.read(DeploymentFiles.MAIN_BICEP);
        Map<String, String> api = main.moduleParams(main.statements("module").stream()
                .filter(m -> m.name().equals("api")).findFirst().orElseThrow());
        assertEquals("authMode == 'entra' ? apiRegistration.outputs.clientId : ''", api.get("apiClientId"));
        assertEquals("authMode == 'entra' ? apiRegistration.outputs.audience : ''", api.get("apiAudience"));

        JsonNode config = new ObjectMapper().readTree(Path.of("bicepconfig.json").toFile());
        assertTrue(config.at("/extensions/microsoftGraphV1").asText()
                .startsWith("br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:"));
    }
}
