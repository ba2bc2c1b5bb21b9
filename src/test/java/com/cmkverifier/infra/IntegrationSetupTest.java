package com.cmkverifier.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cmkverifier.application.AppSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user meets the first time each integration runs: each case is a defect a user would otherwise hit. */
class IntegrationSetupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path GITHUB = DeploymentFiles.INTEGRATIONS.resolve("github-actions/cmk-verification.yml");
    private static final Path DEVOPS = DeploymentFiles.INTEGRATIONS.resolve("azure-devops/cmk-gate.yml");
    private static final Path VAULT_AUDIT = DeploymentFiles.INFRA.resolve("app/vault-audit-logs.bicep");
    private static final Path DOC = Path.of("docs/integrations.md");

    /** The newest major of each action the workflow uses (Node 24 releases). */
    private static final Map<String, Integer> CURRENT_MAJORS = Map.of("actions/checkout", 6, "actions/setup-java", 5,
            "azure/login", 3, "mikepenz/action-junit-report", 6, "actions/upload-artifact", 7);

    @TempDir
    Path temp;

    private static JsonNode workflow() throws Exception {
        return JSON.readTree(LogicAppDefinitionTest.WORKFLOW.toFile());
    }

    private static int captured(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no match for " + regex);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theLogicAppsCallOutlivesTheLongestVerificationTheApiAccepts() throws Exception {
        String bicep = DeploymentFiles.read(LogicAppDefinitionTest.WORKFLOW_BICEP);
        int maxMinutes = captured(bicep, "@maxValue\\((\\d+)\\)\\s*param verificationTimeoutMinutes int");
        int margin = captured(bicep, "var actionTimeout = 'PT\\$\\{verificationTimeoutMinutes \\+ (\\d+)\\}M'");
        assertEquals(AppSettings.MAX_RUN_TIMEOUT.toMinutes(), maxMinutes);
        assertTrue(margin >= 15, "margin " + margin);
        // Both values come from the one number: the action's limit and the timeout the verifier is asked for.
        assertTrue(bicep.contains("union(definition.actions.Verify_CMK_use, { limit: { timeout: actionTimeout } })"));
        assertTrue(bicep.contains("verificationTimeout: {\n        value: 'PT${verificationTimeoutMinutes}M'"));
        // Pasted without the Bicep, the definition's own defaults keep the same order.
        JsonNode definition = workflow();
        Duration limit = Duration.parse(definition.at("/actions/Verify_CMK_use/limit/timeout").asText());
        Duration asked = Duration.parse(definition.at("/parameters/verificationTimeout/defaultValue").asText());
        assertEquals(Duration.ofMinutes(margin), limit.minus(asked));
        assertEquals("@{parameters('verificationTimeout')}", definition.at("/actions/Verify_CMK_use/inputs/body/timeout").asText());
    }

    @Test
    void everyTeamsPostIsAnAdaptiveCardMessage() throws Exception {
        List<JsonNode> posts = new ArrayList<>();
        workflow().findParents("uri").forEach(inputs -> {
            if (inputs.get("uri").asText().equals("@{parameters('teamsWebhookUrl')}")) {
                posts.add(inputs.get("body"));
            }
        });
        assertEquals(2, posts.size());
        for (JsonNode body : posts) {
            assertEquals("message", body.path("type").asText());
            assertFalse(body.has("text"), "the retired connector's {\"text\"} payload");
            assertEquals(1, body.get("attachments").size());
            JsonNode attachment = body.get("attachments").get(0);
            assertEquals("application/vnd.microsoft.card.adaptive", attachment.get("contentType").asText());
            assertEquals("AdaptiveCard", attachment.at("/content/type").asText());
            assertTrue(attachment.at("/content/version").asText().matches("1\\.[0-5]"));
            assertTrue(attachment.at("/content/body").size() >= 2);
        }
    }

    @Test
    void theTriggerRefusesABodyWithoutAChangeTimeAndSaysSo() throws Exception {
        JsonNode trigger = workflow().at("/triggers/When_a_CMK_change_completes");
        // Logic Apps validates the body against the schema (400 TriggerInputSchemaMismatch) only with this option.
        assertEquals("EnableSchemaValidation", trigger.path("operationOptions").asText());
        Path schema = temp.resolve("trigger-schema.json");
        Files.writeString(schema, trigger.at("/inputs/schema").toString());
        Path good = temp.resolve("good.json");
        Files.writeString(good, "{\"resource\": \"stcmkdata\", \"changeTime\": \"2026-11-20T05:00:00Z\", \"changeId\": \"CHG0042\"}");
        assertTrue(IntegrationValidatorsTest.ajv(schema, good).contains("\"valid\":true"));

        Path missing = temp.resolve("missing.json");
        Files.writeString(missing, "{\"resource\": \"stcmkdata\", \"changeId\": \"CHG0042\"}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> IntegrationValidatorsTest.ajv(schema, missing));
        assertTrue(e.getMessage().contains("must have required property 'changeTime'"), e::getMessage);

        Path empty = temp.resolve("empty.json");
        Files.writeString(empty, "{\"resource\": \"stcmkdata\", \"changeTime\": \"\", \"changeId\": \"CHG0042\"}");
        e = assertThrows(IllegalStateException.class, () -> IntegrationValidatorsTest.ajv(schema, empty));
        assertTrue(e.getMessage().contains("/changeTime must"), e::getMessage);
    }

    @Test
    void theSetupNamesTheOidcSubjectOfTheWorkflowsEnvironment() throws Exception {
        String environment = YAML.readTree(GITHUB.toFile()).at("/jobs/verify/environment").asText();
        assertEquals("cmk-verification", environment);
        String subject = "repo:<OWNER>/<REPO>:environment:" + environment;
        assertTrue(DeploymentFiles.read(DOC).contains(subject), () -> DOC + " does not name " + subject);
        assertTrue(DeploymentFiles.read(GITHUB).contains(subject));
    }

    @Test
    void theGithubWorkflowUsesTheCurrentMajorOfEachAction() throws Exception {
        List<String> uses = YAML.readTree(GITHUB.toFile()).findValuesAsText("uses");
        assertEquals(CURRENT_MAJORS.size(), uses.size(), uses::toString);
        for (String use : uses) {
            String[] nameAndRef = use.split("@");
            Integer current = CURRENT_MAJORS.get(nameAndRef[0]);
            assertTrue(current != null, () -> use + " is not a known action");
            assertTrue(Integer.parseInt(nameAndRef[1].replaceFirst("^v(\\d+).*", "$1")) >= current,
                    () -> use + " is behind v" + current);
        }
    }

    @Test
    void theDevOpsPipelineQueuesNeitherOnPushNorOnPullRequests() throws Exception {
        JsonNode pipeline = YAML.readTree(DEVOPS.toFile());
        assertEquals("none", pipeline.path("trigger").asText());
        assertEquals("none", pipeline.path("pr").asText());
        // A PR build could not run it anyway: the resource parameter has no default.
        assertFalse(pipeline.at("/parameters/0").has("default"));
    }

    @Test
    void aVaultThatAlreadyLogsAuditEventsToTheWorkspaceIsSkipped() {
        BicepText module = BicepText.read(VAULT_AUDIT);
        assertEquals("true", module.paramDefault("deploySetting").orElseThrow());
        assertTrue(module.code().contains("'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (deploySetting) {"));
        BicepText main = BicepText.read(DeploymentFiles.MAIN_BICEP);
        BicepText.Statement vaultAudit = main.statements("module").stream()
                .filter(s -> BicepText.modulePath(s).equals("app/vault-audit-logs.bicep")).findFirst().orElseThrow();
        assertEquals("!(target.?alreadyLogged ?? false)", main.moduleParams(vaultAudit).get("deploySetting"));
        assertTrue(main.code().contains("alreadyLogged: bool?"));
    }

    @Test
    void theSetupDocNamesEveryLogicAppParameterWithoutADefault() {
        String doc = DeploymentFiles.read(DOC);
        List<String> required = BicepText.read(LogicAppDefinitionTest.WORKFLOW_BICEP).params().entrySet().stream()
                .filter(p -> !p.getValue()).map(Map.Entry::getKey).toList();
        assertEquals(List.of("verifierBaseUrl", "verifierAudience", "verifierServicePrincipalId", "verificationsRunRoleId",
                "teamsWebhookUrl", "changeApiUrl"), required);
        required.forEach(p -> assertTrue(doc.contains("`" + p + "`"), () -> DOC + " does not name " + p));
    }
}
