package com.cmkverifier.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cmkverifier.testing.NodeTools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each integration file passes its ecosystem's own validator (swagger-parser for the OpenAPI, ajv with the
 * published JSON schemas in {@code src/test/resources/schemas/}), and each validator rejects a broken copy.
 */
class IntegrationValidatorsTest {

    private static final Path NODE = Path.of("src/test/node");
    private static final Path SCHEMAS = Path.of("src/test/resources/schemas");
    private static final Path OPENAPI = Path.of("src/main/resources/openapi.json");
    private static final Path GITHUB = DeploymentFiles.INTEGRATIONS.resolve("github-actions/cmk-verification.yml");
    private static final Path DEVOPS = DeploymentFiles.INTEGRATIONS.resolve("azure-devops/cmk-gate.yml");
    private static final Path AZD = Path.of("azure.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    static String swaggerParser(Path file) {
        return NodeTools.node(NODE.resolve("validate-openapi.js"), null, file.toString());
    }

    static String ajv(String schema, Path document) {
        return ajv(SCHEMAS.resolve(schema), document);
    }

    static String ajv(Path schema, Path document) {
        return NodeTools.node(NODE.resolve("validate-json-schema.js"), null, schema.toString(), document.toString());
    }

    private Path brokenCopy(Path original, String from, String to) throws IOException {
        String text = Files.readString(original);
        assertTrue(text.contains(from), () -> original + " no longer contains " + from);
        Path copy = temp.resolve(original.getFileName());
        Files.writeString(copy, text.replace(from, to));
        return copy;
    }

    @Test
    void theOpenApiPassesSwaggerParserWithEveryOperationCounted() throws Exception {
        AtomicInteger operations = new AtomicInteger();
        JSON.readTree(OPENAPI.toFile()).get("paths").forEach(path -> operations.addAndGet(path.size()));
        JsonNode result = JSON.readTree(swaggerParser(OPENAPI));
        assertTrue(result.get("valid").asBoolean());
        assertEquals(operations.get(), result.get("operations").asInt());
    }

    @Test
    void swaggerParserRejectsACopyWithADanglingReference() throws Exception {
        Path broken = brokenCopy(OPENAPI, "\"#/definitions/Run\"", "\"#/definitions/Runs\"");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> swaggerParser(broken));
        assertTrue(e.getMessage().contains("#/definitions/Runs"), e::getMessage);
    }

    @Test
    void theGithubWorkflowMatchesSchemaStoresWorkflowSchema() {
        assertTrue(ajv("github-workflow.json", GITHUB).contains("\"valid\":true"));
    }

    @Test
    void theWorkflowSchemaRejectsAJobWithoutRunsOn() throws Exception {
        Path broken = brokenCopy(GITHUB, "runs-on: ubuntu-latest", "runs_on: ubuntu-latest");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ajv("github-workflow.json", broken));
        assertTrue(e.getMessage().contains("/jobs/verify must have required property 'runs-on'"), e::getMessage);
    }

    @Test
    void theDevOpsPipelineMatchesThePipelinesSchema() {
        assertTrue(ajv("azure-pipelines.subset.json", DEVOPS).contains("\"valid\":true"));
    }

    @Test
    void thePipelinesSchemaRejectsAPrTriggerThatIsNotNone() throws Exception {
        Path broken = brokenCopy(DEVOPS, "\npr: none\n", "\npr: never\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ajv("azure-pipelines.subset.json", broken));
        assertTrue(e.getMessage().contains("/pr must match pattern \"^none$\""), e::getMessage);
    }

    @Test
    void thePipelinesSchemaRejectsATaskWithoutItsRequiredInput() throws Exception {
        Path broken = brokenCopy(DEVOPS, "scriptLocation: inlineScript", "scriptPlace: inlineScript");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ajv("azure-pipelines.subset.json", broken));
        assertTrue(e.getMessage().contains("must have required property 'scriptLocation'"), e::getMessage);
    }

    @Test
    void azureYamlMatchesAzdsSchema() {
        assertTrue(ajv("azure.yaml.json", AZD).contains("\"valid\":true"));
    }

    @Test
    void azdsSchemaRejectsAFunctionServiceWithoutItsProject() throws Exception {
        Path broken = brokenCopy(AZD, "    project: .\n", "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ajv("azure.yaml.json", broken));
        assertTrue(e.getMessage().contains("/services/api must have required property 'project'"), e::getMessage);
    }
}
