package com.cmkverifier.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Each deployment rule catches a deliberately bad snippet and accepts its corrected form. */
class BicepPolicyTest {

    /** Exactly {@code count} violations, each mentioning {@code text}. */
    private static void assertViolations(int count, String text, List<String> violations) {
        assertEquals(count, violations.size(), violations::toString);
        assertTrue(violations.stream().allMatch(v -> v.contains(text)), violations::toString);
    }

    private static BicepText bicep(String source) {
        return BicepText.of("snippet.bicep", source);
    }

    private static String roleAssignment(String roleId) {
        return """
                resource grant 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
                  name: guid(vault.id, principalId, '%1$s')
                  scope: vault
                  properties: {
                    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '%1$s')
                    principalId: principalId
                  }
                }
                """.formatted(roleId);
    }

    @Test
    void aCryptoRoleOnAVaultIsRejectedByName() {
        // The snippet names the role twice: in the assignment's name and in its roleDefinitionId.
        assertViolations(2, "grants Key Vault Crypto User",
                BicepPolicy.roleViolations(bicep(roleAssignment("12338af0-0e69-4776-bea7-57ae8d297424"))));
    }

    @Test
    void ownerHeldInAVariableIsRejected() {
        String source = "var owner = '8E3AF657-A8FF-443C-A75C-2FE8C4BCB635'\n" + roleAssignment("${owner}");
        assertViolations(1, "grants Owner", BicepPolicy.roleViolations(bicep(source)));
    }

    @Test
    void aRoleOffTheAllowListIsRejectedEvenIfNotDenied() {
        // Monitoring Reader (43d0d8ad-...) is harmless but not needed: the allow-list, not the deny-list, decides.
        assertViolations(2, "not an allowed role id",
                BicepPolicy.roleViolations(bicep(roleAssignment("43d0d8ad-25c7-4714-9337-8ba259a9fe05"))));
    }

    @Test
    void keyVaultReaderIsAccepted() {
        assertViolations(0, "", BicepPolicy.roleViolations(bicep(roleAssignment("21090545-7ca7-4776-b22c-e363652d74d2"))));
    }

    @Test
    void aRoleIdInACommentIsNotAGrant() {
        String source = "// never grant Key Vault Crypto User (12338af0-0e69-4776-bea7-57ae8d297424)\n"
                + roleAssignment("21090545-7ca7-4776-b22c-e363652d74d2");
        assertViolations(0, "", BicepPolicy.roleViolations(bicep(source)));
    }

    @Test
    void aCustomRoleDefinitionIsRejected() {
        String source = """
                resource anything 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
                  name: guid('cmkv')
                  properties: { permissions: [ { dataActions: [ 'Microsoft.KeyVault/vaults/keys/unwrap/action' ] } ] }
                }
                """;
        assertViolations(1, "declares Microsoft.Authorization/roleDefinitions", BicepPolicy.otherGrants(bicep(source)));
    }

    @Test
    void aKeyVaultAccessPolicyIsRejected() {
        String source = """
                resource policy 'Microsoft.KeyVault/vaults/accessPolicies@2023-07-01' = {
                  name: '${vault.name}/add'
                  properties: { accessPolicies: [] }
                }
                """;
        assertViolations(1, "declares Microsoft.KeyVault/vaults/accessPolicies", BicepPolicy.otherGrants(bicep(source)));
    }

    @Test
    void anOutputWithAStorageConnectionStringIsRejected() {
        String source = """
                output storageConnection string = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value}'
                """;
        List<String> violations = BicepPolicy.exposedSecrets(bicep(source));
        assertEquals(2, violations.size(), violations::toString);
        assertTrue(violations.get(0).contains("output storageConnection exposes"), violations::toString);
        assertTrue(violations.get(1).contains("reads keys with listKeys()"), violations::toString);
    }

    @Test
    void anOutputWithTheAppInsightsConnectionStringIsRejected() {
        String source = "output ai string = appInsights.properties.ConnectionString\n";
        assertViolations(1, "exposes 'ConnectionString'", BicepPolicy.exposedSecrets(bicep(source)));
    }

    @Test
    void outputsOfNamesAndIdsAreAccepted() {
        String source = "output name string = app.name\noutput uri string = 'https://${app.properties.defaultHostName}'\n";
        assertViolations(0, "", BicepPolicy.exposedSecrets(bicep(source)));
    }

    @Test
    void aSiteWithoutHttpsOnlyIsRejected() {
        String source = """
                resource app 'Microsoft.Web/sites@2024-04-01' = {
                  name: 'x'
                  properties: {
                    httpsOnly: false
                    siteConfig: { minTlsVersion: '1.2' }
                  }
                }
                """;
        assertViolations(1, "lacks httpsOnly: true", BicepPolicy.transportViolations(bicep(source)));
    }

    @Test
    void aTlsMinimumBelowOnePointTwoIsRejectedWherever() {
        String source = """
                resource db 'Microsoft.Sql/servers@2023-08-01' = {
                  name: 'x'
                  properties: { minimalTlsVersion: '1.0' }
                }
                """;
        assertViolations(1, "sets minimalTlsVersion to '1.0'", BicepPolicy.transportViolations(bicep(source)));
    }

    @Test
    void aTlsMinimumFromAParameterIsRejectedBecauseItCannotBeChecked() {
        String source = """
                resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
                  name: 'x'
                  properties: { supportsHttpsTrafficOnly: true, minimumTlsVersion: tls }
                }
                """;
        // Once as a missing literal on the account, once as an unverifiable value.
        List<String> violations = BicepPolicy.transportViolations(bicep(source));
        assertEquals(2, violations.size(), violations::toString);
        assertTrue(violations.get(1).contains("sets minimumTlsVersion to tls"), violations::toString);
    }

    @Test
    void aStorageAccountWithSharedKeysIsRejected() {
        String source = """
                resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
                  name: 'x'
                  properties: {
                    allowSharedKeyAccess: true
                    allowBlobPublicAccess: false
                  }
                }
                """;
        assertViolations(1, "lacks allowSharedKeyAccess: false", BicepPolicy.storageAccessViolations(bicep(source)));
    }

    @Test
    void anExistingStorageAccountIsNotJudged() {
        String source = "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {\n  name: 'x'\n}\n";
        assertViolations(0, "", BicepPolicy.storageAccessViolations(bicep(source)));
    }

    @Test
    void appInsightsWithLocalAuthIsRejected() {
        String source = """
                resource ai 'Microsoft.Insights/components@2020-02-02' = {
                  name: 'x'
                  kind: 'web'
                  properties: { Application_Type: 'web' }
                }
                """;
        assertViolations(1, "lacks DisableLocalAuth: true", BicepPolicy.telemetryAuthViolations(bicep(source)));
    }
}
