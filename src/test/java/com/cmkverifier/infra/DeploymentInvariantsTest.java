package com.cmkverifier.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The real deployment files keep the security invariants and are wired together consistently. */
class DeploymentInvariantsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> overAllBicep(Function<BicepText, List<String>> rule) {
        List<Path> files = DeploymentFiles.bicepFiles();
        assertTrue(files.size() >= 8, () -> "expected the deployment's Bicep files, found " + files);
        List<String> violations = new ArrayList<>();
        files.forEach(f -> violations.addAll(rule.apply(BicepText.read(f))));
        return violations;
    }

    private static void assertNone(List<String> violations) {
        assertEquals(List.of(), violations);
    }

    @Test
    void everyRoleGrantedIsOnTheAllowList() {
        assertNone(overAllBicep(BicepPolicy::roleViolations));
    }

    @Test
    void noCustomRoleOrAccessPolicyIsDeclared() {
        assertNone(overAllBicep(BicepPolicy::otherGrants));
    }

    @Test
    void noOutputExposesAKeySecretOrConnectionString() {
        assertNone(overAllBicep(BicepPolicy::exposedSecrets));
    }

    @Test
    void trafficIsHttpsOnlyWithTlsOnePointTwoOrLater() {
        assertNone(overAllBicep(BicepPolicy::transportViolations));
    }

    @Test
    void storageRefusesSharedKeysAndAnonymousBlobs() {
        assertNone(overAllBicep(BicepPolicy::storageAccessViolations));
    }

    @Test
    void telemetryIsIngestedWithEntraIdOnly() {
        assertNone(overAllBicep(BicepPolicy::telemetryAuthViolations));
    }

    @Test
    void everyRoleTheDeploymentNeedsIsGranted() {
        // The allow-list is not a wish list: every role on it is used by some module.
        Set<String> used = new HashSet<>();
        for (Path file : DeploymentFiles.bicepFiles()) {
            Matcher m = BicepText.GUID.matcher(BicepText.read(file).code());
            while (m.find()) {
                used.add(m.group().toLowerCase());
            }
        }
        assertEquals(BicepPolicy.ALLOWED_ROLES.keySet(), used);
    }

    @Test
    void targetVaultsGetKeyVaultReaderAtVaultScope() {
        BicepText reader = BicepText.read(DeploymentFiles.INFRA.resolve("app/vault-reader.bicep"));
        List<BicepText.Resource> grants = reader.declared("Microsoft.Authorization/roleAssignments");
        assertEquals(1, grants.size());
        assertTrue(grants.get(0).body().contains("scope: vault"), grants.get(0)::body);
        assertTrue(reader.code().contains("var keyVaultReader = '21090545-7ca7-4776-b22c-e363652d74d2'"));
    }

    @Test
    void perTargetModulesRunInTheTargetsOwnSubscriptionAndResourceGroup() {
        BicepText main = BicepText.read(DeploymentFiles.MAIN_BICEP);
        List<BicepText.Statement> perTarget = main.statements("module").stream()
                .filter(m -> m.text().contains("[for "))
                .toList();
        assertEquals(6, perTarget.size());
        perTarget.forEach(m -> assertTrue(
                m.text().matches("(?s).*scope: resourceGroup\\(split\\((\\w+|target\\.vaultId), '/'\\)\\[2\\], split\\(\\1, '/'\\)\\[4\\]\\).*")
                        || m.text().matches("(?s).*for (\\w+) in discoverySubscriptionIds.*scope: subscription\\(\\1\\).*"),
                m::text));
    }

    @Test
    void discoveryGetsReaderOnItsSubscriptionsAndNothingElse() {
        for (String file : List.of("app/discovery-reader.bicep", "app/discovery-reader-mg.bicep")) {
            BicepText reader = BicepText.read(DeploymentFiles.INFRA.resolve(file));
            List<BicepText.Resource> grants = reader.declared("Microsoft.Authorization/roleAssignments");
            assertEquals(1, grants.size(), file);
            assertTrue(reader.code().contains("var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'"), file);
            assertTrue(grants.get(0).body().contains("roleDefinitions', reader)"), grants.get(0)::body);
        }
    }

    @Test
    void everyModuleFileExists() {
        for (Path file : DeploymentFiles.bicepFiles()) {
            for (BicepText.Statement module : BicepText.read(file).statements("module")) {
                Path target = file.resolveSibling(BicepText.modulePath(module));
                assertTrue(Files.isRegularFile(target), () -> file + " loads missing " + target);
            }
        }
    }

    @Test
    void modulesReceiveOnlyDeclaredParamsAndEveryRequiredOne() {
        for (Path file : DeploymentFiles.bicepFiles()) {
            for (BicepText.Statement module : BicepText.read(file).statements("module")) {
                Map<String, Boolean> declared = BicepText.read(file.resolveSibling(BicepText.modulePath(module))).params();
                Set<String> passed = BicepText.read(file).moduleParams(module).keySet();
                assertTrue(declared.keySet().containsAll(passed), () -> file + " " + module.name() + " passes " + passed
                        + " but the module declares " + declared.keySet());
                declared.forEach((name, hasDefault) -> assertTrue(hasDefault || passed.contains(name),
                        () -> file + " " + module.name() + " does not pass required " + name));
            }
        }
    }

    @Test
    void moduleOutputsThatAreReadExist() {
        Pattern outputRef = Pattern.compile("\\b(\\w+)\\.outputs\\.(\\w+)");
        for (Path file : DeploymentFiles.bicepFiles()) {
            BicepText bicep = BicepText.read(file);
            for (BicepText.Statement module : bicep.statements("module")) {
                Set<String> outputs = BicepText.read(file.resolveSibling(BicepText.modulePath(module))).outputNames();
                Matcher m = outputRef.matcher(bicep.code());
                while (m.find()) {
                    if (m.group(1).equals(module.name())) {
                        String output = m.group(2);
                        assertTrue(outputs.contains(output), () -> bicep.where(m.start()) + " reads missing output " + output);
                    }
                }
            }
        }
    }

    @Test
    void parameterFilesNameOnlyMainParamsAndEveryRequiredOne() throws Exception {
        Map<String, Boolean> declared = BicepText.read(DeploymentFiles.MAIN_BICEP).params();
        for (String name : List.of("main.parameters.json", "main.parameters.example.json")) {
            JsonNode parameters = JSON.readTree(DeploymentFiles.INFRA.resolve(name).toFile()).get("parameters");
            Set<String> given = new HashSet<>();
            parameters.fieldNames().forEachRemaining(given::add);
            assertTrue(declared.keySet().containsAll(given), () -> name + " names unknown params: " + given);
            declared.forEach((param, hasDefault) -> assertTrue(hasDefault || given.contains(param),
                    () -> name + " lacks required " + param));
        }
    }

    @Test
    void azdFillsEnvironmentAndLocation() throws Exception {
        JsonNode parameters = JSON.readTree(DeploymentFiles.INFRA.resolve("main.parameters.json").toFile()).get("parameters");
        assertEquals("${AZURE_ENV_NAME}", parameters.at("/environmentName/value").asText());
        assertEquals("${AZURE_LOCATION}", parameters.at("/location/value").asText());
    }

    @Test
    void exampleTargetsAreResourceIdsOfTheRightType() throws Exception {
        JsonNode parameters = JSON.readTree(DeploymentFiles.INFRA.resolve("main.parameters.example.json").toFile()).get("parameters");
        Pattern vault = Pattern.compile("/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.KeyVault/vaults/[^/]+");
        Pattern workspace = Pattern.compile(
                "/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.OperationalInsights/workspaces/[^/]+");
        List<JsonNode> vaults = new ArrayList<>();
        parameters.at("/keyVaultIds/value").forEach(vaults::add);
        parameters.at("/vaultAuditLogs/value").forEach(t -> vaults.add(t.get("vaultId")));
        List<JsonNode> workspaces = new ArrayList<>();
        parameters.at("/auditWorkspaceIds/value").forEach(workspaces::add);
        parameters.at("/vaultAuditLogs/value").forEach(t -> workspaces.add(t.get("workspaceId")));
        assertFalse(vaults.isEmpty() || workspaces.isEmpty());
        vaults.forEach(v -> assertTrue(vault.matcher(v.asText()).matches(), v::asText));
        workspaces.forEach(w -> assertTrue(workspace.matcher(w.asText()).matches(), w::asText));
    }

    @Test
    void theFunctionAppRunsJava17OnFlexConsumption() {
        BicepText api = BicepText.read(DeploymentFiles.API_BICEP);
        String plan = api.declared("Microsoft.Web/serverfarms").get(0).body().replaceAll("\\s+", " ");
        String site = api.declared("Microsoft.Web/sites").get(0).body().replaceAll("\\s+", " ");
        assertTrue(plan.contains("tier: 'FlexConsumption'") && plan.contains("name: 'FC1'"), plan);
        assertTrue(site.contains("runtime: { name: 'java' version: '17' }"), site);
        assertTrue(site.contains("type: 'UserAssignedIdentity'"), site);
    }
}
