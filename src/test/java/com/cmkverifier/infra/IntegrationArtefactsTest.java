package com.cmkverifier.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ready-made integrations parse, call only routes the API has, and keep the function key out of sight. */
class IntegrationArtefactsTest {

    /** A path on the verifier: "/api/..." not preceded by a host name (an ITSM tool's /api is not ours). */
    private static final Pattern API_PATH = Pattern.compile("(?<![A-Za-z0-9.-])/api/[A-Za-z0-9_.{}$/-]*");

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The HTTP API's routes as its OpenAPI states them ({x} is one path segment); OpenApiTest holds those equal to
     * the functions' own routes.
     */
    static final List<String> ROUTES = routes();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path WORKFLOW = DeploymentFiles.INTEGRATIONS.resolve("logic-app/verify-after-change.workflow.json");
    private static final Path DEVOPS = DeploymentFiles.INTEGRATIONS.resolve("azure-devops/cmk-gate.yml");
    private static final Path GITHUB = DeploymentFiles.INTEGRATIONS.resolve("github-actions/cmk-verification.yml");

    private static List<String> routes() {
        try {
            JsonNode api = JSON.readTree(Path.of("src/main/resources/openapi.json").toFile());
            List<String> routes = new ArrayList<>();
            api.get("paths").fieldNames().forEachRemaining(p -> routes.add(api.get("basePath").asText() + p));
            return routes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean isRoute(String path) {
        String[] segments = path.replaceAll("[/.]+$", "").split("/");
        return ROUTES.stream().map(r -> r.split("/")).anyMatch(route -> {
            if (route.length != segments.length) {
                return false;
            }
            for (int i = 0; i < route.length; i++) {
                boolean variable = segments[i].startsWith("{") || segments[i].startsWith("$");
                boolean matches = route[i].startsWith("{") ? !segments[i].isEmpty() : route[i].equals(segments[i]) && !variable;
                if (!matches) {
                    return false;
                }
            }
            return true;
        });
    }

    private static List<String> apiPaths(Path file) {
        List<String> paths = new ArrayList<>();
        Matcher m = API_PATH.matcher(DeploymentFiles.read(file));
        while (m.find()) {
            paths.add(m.group());
        }
        return paths;
    }

    @Test
    void everyJsonArtefactParses() throws Exception {
        List<Path> files = Stream.concat(DeploymentFiles.under(DeploymentFiles.INFRA, ".json").stream(),
                DeploymentFiles.under(DeploymentFiles.INTEGRATIONS, ".json").stream()).toList();
        assertTrue(files.size() >= 3, files::toString);
        for (Path file : files) {
            assertTrue(JSON.readTree(file.toFile()).isObject(), file::toString);
        }
    }

    @Test
    void everyYamlArtefactParses() throws Exception {
        List<Path> files = new ArrayList<>(DeploymentFiles.under(DeploymentFiles.INTEGRATIONS, ".yml"));
        files.add(Path.of("azure.yaml"));
        assertTrue(files.size() >= 3, files::toString);
        for (Path file : files) {
            assertTrue(YAML.readTree(file.toFile()).isObject(), file::toString);
        }
    }

    @Test
    void integrationsAndDocsCallOnlyRoutesTheApiHas() {
        List<Path> files = new ArrayList<>(DeploymentFiles.under(DeploymentFiles.INTEGRATIONS, ""));
        files.add(Path.of("README.md"));
        files.add(Path.of("docs", "deploy.md"));
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            for (String path : apiPaths(file)) {
                found.add(path);
                assertTrue(isRoute(path), () -> file + " calls " + path + ", which is not a route of the API");
            }
        }
        assertTrue(found.size() >= 5, found::toString);
    }

    @Test
    void theRouteCheckRejectsAPathTheApiDoesNotHave() {
        assertFalse(isRoute("/api/verification"));
        assertFalse(isRoute("/api/sweeps/latest/results"));
        assertFalse(isRoute("/api/openapi.yaml"));
        assertTrue(isRoute("/api/verifications/{id}"));
        assertTrue(isRoute("/api/verifications/$RUN_ID"));
    }

    @Test
    void theLogicAppIsAWorkflowDefinitionStartedByAChange() throws Exception {
        JsonNode workflow = JSON.readTree(WORKFLOW.toFile());
        assertEquals("https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
                workflow.get("$schema").asText());
        JsonNode trigger = workflow.get("triggers").elements().next();
        assertEquals("Request", trigger.get("type").asText());
        assertEquals("[\"resource\",\"changeTime\",\"changeId\"]", trigger.at("/inputs/schema/required").toString());
    }

    @Test
    void theLogicAppPostsAVerificationAndLetsTheAsyncPatternFollowLocation() throws Exception {
        JsonNode workflow = JSON.readTree(WORKFLOW.toFile());
        JsonNode verify = workflow.at("/actions/Verify_CMK_use");
        assertEquals("Http", verify.get("type").asText());
        assertEquals("POST", verify.at("/inputs/method").asText());
        assertTrue(verify.at("/inputs/uri").asText().endsWith("/api/verifications"));
        assertEquals("@{triggerBody()?['changeTime']}", verify.at("/inputs/body/since").asText());
        // The async pattern is on unless an action opts out; none may.
        assertTrue(workflow.findValues("operationOptions").stream().noneMatch(o -> o.asText().contains("DisableAsyncPattern")));
    }

    @Test
    void theLogicAppBranchesOnTheVerdictStatus() throws Exception {
        JsonNode branch = JSON.readTree(WORKFLOW.toFile()).at("/actions/Act_on_verdict");
        assertEquals("Switch", branch.get("type").asText());
        assertEquals("@{body('Verify_CMK_use')?['status']}", branch.get("expression").asText());
        assertEquals("VERIFIED", branch.at("/cases/Verified/case").asText());
        assertTrue(branch.at("/default/actions").has("Open_incident"));
    }

    @Test
    void theLogicAppCallsWithItsOwnManagedIdentityForTheApisAudienceAndHoldsOnlyVerificationsRun() throws Exception {
        JsonNode workflow = JSON.readTree(WORKFLOW.toFile());
        JsonNode verify = workflow.at("/actions/Verify_CMK_use");
        assertEquals("ManagedServiceIdentity", verify.at("/inputs/authentication/type").asText());
        assertEquals("@{parameters('verifierAudience')}", verify.at("/inputs/authentication/audience").asText());
        assertTrue(verify.at("/inputs/queries").isMissingNode(), "no key in the URL");
        assertFalse(verify.at("/inputs/headers").has("x-functions-key"));
        assertFalse(workflow.at("/parameters").has("verifierFunctionKey"));
        assertTrue(verify.at("/runtimeConfiguration/secureData/properties").toString().contains("inputs"));

        BicepText bicep = BicepText.read(LogicAppDefinitionTest.WORKFLOW_BICEP);
        String site = bicep.declared("Microsoft.Logic/workflows").get(0).body().replaceAll("\\s+", " ");
        assertTrue(site.contains("identity: { type: 'SystemAssigned' }"), site);
        List<BicepText.Resource> grants = bicep.declared("Microsoft.Graph/appRoleAssignedTo");
        assertEquals(1, grants.size());
        String grant = grants.get(0).body().replaceAll("\\s+", " ");
        assertTrue(grant.contains("principalId: workflow.identity.principalId"), grant);
        assertTrue(grant.contains("appRoleId: verificationsRunRoleId"), grant);
    }

    @Test
    void theDevOpsGateDecidesOnTheStatusOfTheFinalRun() throws Exception {
        JsonNode gate = task(YAML.readTree(DEVOPS.toFile()), "InvokeRESTAPI@1");
        assertEquals("GET", gate.at("/inputs/method").asText());
        assertEquals("or(eq(root['status'], 'VERIFIED'), eq(root['status'], 'WARNING'))",
                gate.at("/inputs/successCriteria").asText());
    }

    @Test
    void theDevOpsPipelineCallsTheApiWithABearerTokenForItsAudienceAndNoKey() throws Exception {
        JsonNode pipeline = YAML.readTree(DEVOPS.toFile());
        String start = task(pipeline, "AzureCLI@2", "cmk-verifier-caller").at("/inputs/inlineScript").asText();
        assertTrue(start.contains("az account get-access-token --resource \"$CMKV_API_AUDIENCE\""), start);
        assertEveryCurlSends("-H \"Authorization: Bearer $(token)\"", start);
        assertTrue(task(pipeline, "InvokeRESTAPI@1").at("/inputs/headers").asText().contains("\"Authorization\": \"Bearer "));
        assertFalse(DeploymentFiles.read(DEVOPS).contains("functions-key"));
    }

    /** Each curl call of a script, up to the end of its command substitution, sends {@code header}. */
    private static void assertEveryCurlSends(String header, String script) {
        String[] calls = script.split("curl ");
        assertTrue(calls.length > 2, "the script posts and polls: " + script);
        for (int i = 1; i < calls.length; i++) {
            int end = calls[i].indexOf("\")\n");
            String call = end < 0 ? calls[i] : calls[i].substring(0, end + 1);
            assertTrue(call.contains(header), call);
        }
    }

    @Test
    void theGithubWorkflowCallsTheApiWithABearerTokenFromItsOidcLogin() throws Exception {
        List<JsonNode> steps = new ArrayList<>();
        YAML.readTree(GITHUB.toFile()).at("/jobs/verify/steps").forEach(steps::add);
        int login = -1;
        int api = -1;
        for (int i = 0; i < steps.size(); i++) {
            login = steps.get(i).path("uses").asText().startsWith("azure/login@") ? i : login;
            api = steps.get(i).path("run").asText().contains("/api/verifications") ? i : api;
        }
        String run = steps.get(api).path("run").asText();
        assertTrue(login >= 0 && api > login, "the API is called after the OIDC login");
        assertTrue(run.contains("az account get-access-token --resource \"$CMKV_API_AUDIENCE\""), run);
        assertEveryCurlSends("-H \"Authorization: Bearer $token\"", run);
        assertTrue(run.contains("::add-mask::$token"), "the token is masked in the log");
        assertFalse(DeploymentFiles.read(GITHUB).contains("functions-key"));
    }

    @Test
    void theDevOpsPipelinePublishesTheLiveCliVerdictAsJunit() throws Exception {
        JsonNode pipeline = YAML.readTree(DEVOPS.toFile());
        String cli = task(pipeline, "AzureCLI@2", "cmk-verifier-reader").at("/inputs/inlineScript").asText();
        assertTrue(cli.contains("cmk-verifier-cli.jar verify") && cli.contains("--live --format junit"), cli);
        JsonNode publish = task(pipeline, "PublishTestResults@2");
        assertEquals("JUnit", publish.at("/inputs/testResultsFormat").asText());
        assertEquals("succeededOrFailed()", publish.get("condition").asText());
    }

    @Test
    void theGithubWorkflowLogsInWithOidcRunsTheLiveCliAndPublishesJunit() throws Exception {
        JsonNode workflow = YAML.readTree(GITHUB.toFile());
        assertEquals("write", workflow.at("/permissions/id-token").asText());
        List<JsonNode> steps = new ArrayList<>();
        workflow.at("/jobs/verify/steps").forEach(steps::add);
        assertTrue(steps.stream().anyMatch(s -> s.path("uses").asText().startsWith("azure/login@")
                && s.at("/with/client-id").isTextual() && !s.at("/with").has("creds")));
        assertTrue(steps.stream().anyMatch(s -> s.path("run").asText().contains("--live")
                && s.path("run").asText().contains("--format junit")));
        assertTrue(steps.stream().anyMatch(s -> s.path("uses").asText().startsWith("mikepenz/action-junit-report@")
                && s.path("if").asText().equals("always()")));
    }

    @Test
    void azdDeploysTheJavaFunctionServiceThatTheBicepTags() throws Exception {
        JsonNode api = YAML.readTree(Path.of("azure.yaml").toFile()).at("/services/api");
        assertEquals(".", api.get("project").asText());
        assertEquals("java", api.get("language").asText());
        assertEquals("function", api.get("host").asText());
        assertTrue(DeploymentFiles.read(DeploymentFiles.API_BICEP).contains("'azd-service-name': 'api'"));
    }

    @Test
    void theAlertRunsTheShippedQueryOnTheVerdictLogLine() {
        Path alert = DeploymentFiles.INTEGRATIONS.resolve("monitor/verdict-alert.bicep");
        Matcher load = Pattern.compile("loadTextContent\\('([^']+)'\\)").matcher(DeploymentFiles.read(alert));
        assertTrue(load.find());
        Path query = alert.resolveSibling(load.group(1));
        assertTrue(Files.isRegularFile(query), query::toString);
        assertTrue(DeploymentFiles.read(query).contains("message startswith \"CMKV_VERDICT \""));
    }

    private static JsonNode task(JsonNode pipeline, String name) {
        return task(pipeline, name, null);
    }

    /** The one step running task {@code name}, on service connection {@code connection} when not null. */
    private static JsonNode task(JsonNode pipeline, String name, String connection) {
        List<JsonNode> found = new ArrayList<>();
        pipeline.findValues("steps").forEach(steps -> steps.forEach(step -> {
            if (name.equals(step.path("task").asText())
                    && (connection == null || connection.equals(step.at("/inputs/azureSubscription").asText()))) {
                found.add(step);
            }
        }));
        assertEquals(1, found.size(), () -> "steps running " + name);
        return found.get(0);
    }
}
