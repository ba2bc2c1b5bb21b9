package com.cmkverifier.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The Logic App's definition holds together, and the check finds each kind of break in a copy. */
class LogicAppDefinitionTest {

    static final Path WORKFLOW = DeploymentFiles.INTEGRATIONS.resolve("logic-app/verify-after-change.workflow.json");
    static final Path WORKFLOW_BICEP = DeploymentFiles.INTEGRATIONS.resolve("logic-app/verify-after-change.bicep");
    private static final Path OPENAPI = Path.of("src/main/resources/openapi.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The workflow parameters that the Bicep deployment gives a value (its {@code parameters: {...}} object). */
    static Set<String> suppliedByBicep() {
        BicepText bicep = BicepText.read(WORKFLOW_BICEP);
        BicepText.Resource workflow = bicep.declared("Microsoft.Logic/workflows").get(0);
        int body = bicep.code().indexOf(workflow.body(), workflow.offset());
        int open = body + workflow.body().indexOf("parameters: {") + "parameters: ".length();
        return bicep.objectKeys(open);
    }

    private static ObjectNode workflow() throws Exception {
        return (ObjectNode) JSON.readTree(WORKFLOW.toFile());
    }

    private static List<String> problems(JsonNode workflow, Set<String> supplied) throws Exception {
        return LogicAppDefinition.problems(workflow, JSON.readTree(OPENAPI.toFile()), supplied);
    }

    private static List<String> problemsOfBrokenCopy(Consumer<ObjectNode> breakIt) throws Exception {
        ObjectNode copy = workflow();
        breakIt.accept(copy);
        return problems(copy, suppliedByBicep());
    }

    @Test
    void theShippedDefinitionHoldsWithTheParametersItsBicepSupplies() throws Exception {
        assertEquals(Set.of("verifierBaseUrl", "verifierAudience", "verificationTimeout", "teamsWebhookUrl",
                "changeApiUrl"), suppliedByBicep());
        assertEquals(List.of(), problems(workflow(), suppliedByBicep()));
    }

    @Test
    void pastedAloneTheSecretParametersHaveNoValueAndTheCheckSaysWhich() throws Exception {
        // The defect the Bicep deployment fixes: code view refuses a definition whose parameters have no value.
        assertEquals(List.of("parameter teamsWebhookUrl has no defaultValue and no supplied value"),
                problems(workflow(), Set.of()));
    }

    @Test
    void aRunAfterToAnActionOutsideItsScopeIsFound() throws Exception {
        List<String> problems = problemsOfBrokenCopy(w -> ((ObjectNode) w.at("/actions/Report_verifier_unreachable/runAfter"))
                .set("Open_incident", JSON.createArrayNode().add("Succeeded")));
        assertEquals(List.of("actions.Report_verifier_unreachable.runAfter names Open_incident, which is not an action in the same scope"),
                problems);
    }

    @Test
    void anUnknownRunAfterStatusIsFound() throws Exception {
        List<String> problems = problemsOfBrokenCopy(w -> ((ArrayNode) w.at("/actions/Act_on_verdict/runAfter/Verify_CMK_use"))
                .add("Succeded"));
        assertEquals(List.of("actions.Act_on_verdict.runAfter.Verify_CMK_use has unknown status Succeded"), problems);
    }

    @Test
    void anExpressionNamingAMissingActionParameterOrTriggerFieldIsFound() throws Exception {
        List<String> problems = problemsOfBrokenCopy(w -> ((ObjectNode) w.at("/actions/Acknowledge/inputs/body"))
                .put("resource", "@{triggerBody()?['resourceName']}")
                .put("run", "@{body('Verify_CMK')?['status']}")
                .put("key", "@{parameters('verifierKey')}"));
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.contains("actions.Acknowledge.inputs.body.resource reads trigger field resourceName, which the trigger's schema lacks"));
        assertTrue(problems.contains("actions.Acknowledge.inputs.body.run refers to action Verify_CMK, which does not exist"));
        assertTrue(problems.contains("actions.Acknowledge.inputs.body.key refers to parameter verifierKey, which is not declared"));
    }

    @Test
    void aFieldTheApiDoesNotAnswerIsFoundThroughTheAsyncPatternsFinalAnswer() throws Exception {
        // POST /verifications answers 202 + Location: the body the action ends with is GET /verifications/{id}'s 200.
        List<String> problems = problemsOfBrokenCopy(w -> ((ObjectNode) w.at("/actions/Act_on_verdict"))
                .put("expression", "@{body('Verify_CMK_use')?['verdict']?['state']}"));
        assertEquals(List.of("actions.Act_on_verdict.expression reads Verify_CMK_use.verdict.state, which the API's response schema does not have"),
                problems);
    }

    @Test
    void anOutputsReadOtherThanBodyStatusOrHeadersIsFound() throws Exception {
        List<String> problems = problemsOfBrokenCopy(w -> ((ObjectNode) w.at("/actions/Acknowledge/inputs/body"))
                .put("code", "@{outputs('Verify_CMK_use')?['status']}"));
        assertEquals(List.of("actions.Acknowledge.inputs.body.code reads outputs('Verify_CMK_use')?['status'], which an HTTP action does not have"),
                problems);
    }
}
