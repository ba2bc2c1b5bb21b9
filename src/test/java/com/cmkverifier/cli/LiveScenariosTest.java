package com.cmkverifier.cli;

import com.azure.core.credential.TokenCredential;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.discovery.live.LiveConfigurationSource;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.evidence.live.QuotaGate;
import com.cmkverifier.evidence.live.SubscriptionCeiling;
import com.cmkverifier.evidence.live.ThrottledHttpClient;
import com.cmkverifier.testing.signin.FakeEntra;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.FakeResourceGraph;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.SampleRecords;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cmkv verify --live} as a new user runs it, the picocli command in-process with everything as in
 * production except where the HTTPS requests go: a real azure-identity client-secret credential signs in at a
 * local Entra, and the real SDK clients read a local Key Vault, Logs API and Resource Graph/ARM, each answering
 * (and refusing) as the documented service does. Each scenario checks the exit code and what the report says.
 */
class LiveScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");
    private static final KeyId KEY = new KeyId("kv-cmk-prod.vault.azure.net", "stg-cmk");
    private static final String SUB = "6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f";
    private static final String WORKSPACE = "9d3e4f5a-1b2c-4d3e-8f4a-5b6c7d8e9f0a";
    private static final String PRINCIPAL = "11111111-1111-4111-8111-111111111111";
    private static final String STORAGE_ID = "/subscriptions/" + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stcmkdata";
    private static final String VAULT_ID = "/subscriptions/" + SUB
            + "/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-cmk-prod";

    private final FakeEntra entra = new FakeEntra();
    private final FakeKeyVault vault = new FakeKeyVault();
    private final FakeLogAnalytics logs = new FakeLogAnalytics();
    private FakeResourceGraph graph;

    @AfterEach
    void stop() {
        entra.close();
        vault.close();
        logs.close();
        if (graph != null) {
            graph.close();
        }
    }

    /** What a run printed and returned. */
    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** The healthy estate: a CMK storage account whose identity unwraps its key, logged in the workspace. */
    private void healthy(boolean cmk) {
        vault.put(KEY, List.of(SampleKeys.rsa(1, AT.minus(Duration.ofDays(30)))));
        logs.records(WORKSPACE, List.of(SampleRecords.unwrap(AT.minus(Duration.ofHours(2)), KEY, SampleKeys.version(1),
                PRINCIPAL, 200)));
        graph = new FakeResourceGraph(List.of(storage(cmk), row(VAULT_ID, "microsoft.keyvault/vaults",
                "{\"vaultUri\": \"https://kv-cmk-prod.vault.azure.net/\", \"enablePurgeProtection\": true}")));
        graph.child(VAULT_ID + "/providers/microsoft.insights/diagnosticSettings", "{\"value\": [{\"id\": \""
                + VAULT_ID + "/providers/microsoft.insights/diagnosticSettings/to-la\", \"name\": \"to-la\","
                + " \"properties\": {\"workspaceId\": \"/subscriptions/" + SUB + "/resourceGroups/rg-ops/providers/"
                + "Microsoft.OperationalInsights/workspaces/la-audit\", \"logs\": [{\"categoryGroup\": \"audit\","
                + " \"enabled\": true}, {\"category\": \"AuditEvent\", \"enabled\": true}]}}]}");
    }

    private static JsonNode storage(boolean cmk) {
        String encryption = cmk
                ? "{\"keySource\": \"Microsoft.Keyvault\", \"keyvaultproperties\": {\"keyvaulturi\":"
                + " \"https://kv-cmk-prod.vault.azure.net/\", \"keyname\": \"stg-cmk\", \"keyversion\": \"\"}}"
                : "{\"keySource\": \"Microsoft.Storage\"}";
        ObjectNode r = (ObjectNode) row(STORAGE_ID, "microsoft.storage/storageaccounts",
                "{\"encryption\": " + encryption + ", \"provisioningState\": \"Succeeded\"}");
        r.putObject("identity").put("type", "SystemAssigned").put("principalId", PRINCIPAL);
        return r;
    }

    private static JsonNode row(String id, String type, String properties) {
        try {
            ObjectNode r = JSON.createObjectNode();
            r.put("id", id).put("name", id.substring(id.lastIndexOf('/') + 1)).put("type", type)
                    .put("location", "westeurope").put("subscriptionId", SUB);
            r.set("properties", JSON.readTree(properties));
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Run verify(Path dir, String secret) throws IOException {
        return verify(dir, secret, KEY);
    }

    private Run verify(Path dir, String secret, KeyId key) throws IOException {
        Path registry = Files.writeString(dir.resolve("registry.json"), "{\"resources\": [{\"name\": \"stcmkdata\","
                + " \"type\": \"Microsoft.Storage/storageAccounts\", \"resourceId\": \"" + STORAGE_ID + "\","
                + " \"key\": \"" + key + "\", \"identity\": {\"principalId\": \""
                + PRINCIPAL + "\"}, \"workspaceId\": \"" + WORKSPACE + "\"}]}");
        // As EvidenceOptions.LiveWiring.AZURE wires it: one gate for Key Vault, Logs and Resource Graph, and Key Vault
        // reads within their vault's subscription's ceiling.
        EvidenceOptions.LiveWiring toFakes = (settings, arm, signedIn) -> {
            QuotaGate gate = LiveSources.processGate();
            LiveDiscovery discovery = new LiveDiscovery(signedIn, ThrottledHttpClient.resourceManager(
                    WireServer.trustingClient(), gate), WireServer.retries(1), URI.create(graph.server().baseUrl()),
                    d -> { });
            return new EvidenceOptions.Live(LiveSources.create(new LiveSettings(URI.create(logs.endpoint()),
                            settings.queryTimeout(), settings.keyVaultTimeout(), settings.batchSize(),
                            settings.maxConcurrency(), settings.maxRetries(), Duration.ofMillis(10)), signedIn,
                    WireServer.trustingClient(), VaultEndpoints.overriding(Map.of(key.vaultHost(),
                            vault.endpointFor(key.vaultHost()))), gate), new LiveConfigurationSource(discovery),
                    (keys, note) -> new SubscriptionCeiling(keys, gate, discovery::vaultSubscriptions, note));
        };
        this.credential = entra.credential(FakeEntra.TENANT, secret);
        this.wiring = toFakes;
        return cmkv("verify", "--registry", registry.toString(), "--resource", "stcmkdata", "--live", "--at",
                AT.toString(), "--format", "json");
    }

    private TokenCredential credential;
    private EvidenceOptions.LiveWiring wiring;

    /** The CLI in-process, its {@code --live} credential and wiring those of the last {@link #verify}. */
    private Run cmkv(String... args) {
        TokenCredential credential = this.credential;
        EvidenceOptions.LiveWiring toFakes = this.wiring;
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == EvidenceOptions.class ? cls.cast(new EvidenceOptions(() -> credential, toFakes))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cmkv.run(args, new PrintWriter(out, true), new PrintWriter(err, true), factory);
        return new Run(exit, out.toString(), err.toString());
    }

    private static JsonNode verdict(Run run) throws IOException {
        return JSON.readTree(run.out()).path("results").get(0);
    }

    private static List<String> codes(JsonNode verdict) {
        List<String> codes = new ArrayList<>();
        verdict.path("findings").forEach(f -> codes.add(f.path("code").asText()));
        return codes;
    }

    private static String finding(JsonNode verdict, String code) {
        for (JsonNode f : verdict.path("findings")) {
            if (f.path("code").asText().equals(code)) {
                return f.path("message").asText();
            }
        }
        return "";
    }

    private void noQueryRefusedForItsLanguage(Run run) {
        assertFalse(run.out().contains("the query was refused") || run.out().contains("InvalidQuery"), run::toString);
    }

    @Test
    void healthyIsVerified(@TempDir Path dir) throws IOException {
        healthy(true);

        Run run = verify(dir, FakeEntra.SECRET);

        assertEquals(0, run.exit(), run::toString);
        assertEquals("VERIFIED", verdict(run).path("status").asText(), run::toString);
        assertTrue(entra.tokensIssued() >= 3, "signed in at Entra for Logs, Key Vault and ARM");
        assertEquals("", run.err(), "the vault's subscription came from Resource Graph: nothing to say");
        noQueryRefusedForItsLanguage(run);
        JsonNode horizon = verdict(run).path("evidenceHorizon");
        assertEquals(AT.minus(Duration.ofHours(2)).toString(), horizon.path("latestRecord").asText(), run::toString);
        assertTrue(horizon.path("windowWithinLag").asBoolean(), "verify's window ends at the evaluation");
    }

    @Test
    void aSweepsWindowEndsTheIngestionLagBeforeTheEvaluation(@TempDir Path dir) throws IOException {
        healthy(true);
        verify(dir, FakeEntra.SECRET);

        Run run = cmkv("sweep", "--registry", dir.resolve("registry.json").toString(), "--live", "--at",
                AT.toString(), "--format", "json");

        assertEquals(0, run.exit(), run::toString);
        JsonNode report = JSON.readTree(run.out());
        assertEquals(AT.minus(Duration.ofMinutes(10)).toString(), report.path("window").path("to").asText());
        assertFalse(report.path("results").get(0).path("evidenceHorizon").path("windowWithinLag").asBoolean());
    }

    @Test
    void aDisabledKeyFails(@TempDir Path dir) throws IOException {
        healthy(true);
        vault.put(KEY, List.of(SampleKeys.disabled(SampleKeys.rsa(1, AT.minus(Duration.ofDays(30))))));

        Run run = verify(dir, FakeEntra.SECRET);

        assertEquals(1, run.exit(), run::toString);
        assertEquals("FAILED", verdict(run).path("status").asText(), run::toString);
        noQueryRefusedForItsLanguage(run);
    }

    @Test
    void anErrorSeverityPartialAnswerIsInconclusive(@TempDir Path dir) throws IOException {
        healthy(true);
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WORKSPACE), 1, FakeLogAnalytics.resultSetTooLarge());

        Run run = verify(dir, FakeEntra.SECRET);

        assertEquals(3, run.exit(), run::toString);
        JsonNode v = verdict(run);
        assertEquals("INCONCLUSIVE", v.path("status").asText(), run::toString);
        assertTrue(codes(v).contains("SOURCE_INCOMPLETE") && v.toString().contains("E_QUERY_RESULT_SET_TOO_LARGE"),
                run::toString);
    }

    @Test
    void aWrongClientSecretExitsTwoWithOneLine(@TempDir Path dir) throws IOException {
        healthy(true);

        Run run = verify(dir, "an-expired-secret");

        assertEquals(2, run.exit(), run::toString);
        assertEquals("", run.out(), run::toString);
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).contains("AADSTS7000215") && lines.get(0).contains("expired secret"), lines.get(0));
        assertFalse(lines.get(0).contains("Exception"), lines.get(0));
        assertEquals(0, vault.authenticatedRequests() + logs.server().count(r -> r.authenticated()),
                "no service was asked anything");
    }

    @Test
    void aChinaVaultSignedInAtThePublicCloudIsReportedAsTheWrongCloud(@TempDir Path dir) throws IOException {
        healthy(true);

        Run run = verify(dir, FakeEntra.SECRET, new KeyId("kv-cmk-cn.vault.azure.cn", "stg-cmk"));

        assertEquals(2, run.exit(), run::toString);
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).contains("https://vault.azure.cn (AADSTS500011") && lines.get(0).contains("another"
                + " Azure cloud") && !lines.get(0).contains("expired secret"), lines.get(0));
    }

    @Test
    void aMissingTableWarningIsVerified(@TempDir Path dir) throws IOException {
        healthy(true);
        logs.auditTables(WORKSPACE, "AzureDiagnostics");

        Run run = verify(dir, FakeEntra.SECRET);

        assertEquals(0, run.exit(), run::toString);
        assertEquals("VERIFIED", verdict(run).path("status").asText(), run::toString);
    }

    @Test
    void aLegDroppedForAnotherReasonIsInconclusive(@TempDir Path dir) throws IOException {
        healthy(true);
        logs.recordsIn(WORKSPACE, "AZKVAuditLogs", List.of(SampleRecords.unwrap(AT.minus(Duration.ofHours(1)), KEY,
                SampleKeys.version(1), PRINCIPAL, 403)));
        logs.dropLeg(WORKSPACE, "AZKVAuditLogs", "'where' operator: Failed to resolve scalar expression named 'Claim'");

        Run run = verify(dir, FakeEntra.SECRET);

        assertEquals(3, run.exit(), run::toString);
        JsonNode v = verdict(run);
        assertTrue(codes(v).contains("SOURCE_INCOMPLETE") && v.toString().contains("named 'Claim'"), run::toString);
    }

    @Test
    void aVaultFirewallIsInconclusiveNamingTheFirewall(@TempDir Path dir) throws IOException {
        healthy(true);
        vault.firewall(KEY.vaultHost());

        Run run = verify(dir, FakeEntra.SECRET);

        assertEquals(3, run.exit(), run::toString);
        JsonNode v = verdict(run);
        assertEquals("INCONCLUSIVE", v.path("status").asText(), run::toString);
        String message = finding(v, "SOURCE_INCOMPLETE");
        assertTrue(message.contains("ForbiddenByFirewall") && message.contains("firewall")
                && !message.contains("Key Vault Reader"), run::toString);
    }

    @Test
    void cmkSwitchedBackToMicrosoftManagedKeysFails(@TempDir Path dir) throws IOException {
        healthy(false);

        Run run = verify(dir, FakeEntra.SECRET);

        assertEquals(1, run.exit(), run::toString);
        JsonNode v = verdict(run);
        assertEquals("FAILED", v.path("status").asText(), run::toString);
        assertTrue(codes(v).contains("CMK_NOT_CONFIGURED"), run::toString);
        noQueryRefusedForItsLanguage(run);
    }

    @Test
    void resourceGraphAccessDeniedIsInconclusiveNamingTheReaderRole(@TempDir Path dir) throws IOException {
        healthy(true);
        // The ARM error body of a caller without read access on the scope (AuthorizationFailed).
        graph.server().failNext(r -> r.path().equals(FakeResourceGraph.QUERY_PATH), 10, Reply.error(403,
                "AuthorizationFailed", "The client '" + FakeEntra.CLIENT_ID + "' with object id '" + FakeEntra.CLIENT_ID
                        + "' does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read'"
                        + " over scope '/providers/Microsoft.ResourceGraph' or the scope is invalid."));

        Run run = verify(dir, FakeEntra.SECRET);

        assertEquals(3, run.exit(), run::toString);
        JsonNode v = verdict(run);
        assertEquals("INCONCLUSIVE", v.path("status").asText(), run::toString);
        assertTrue(finding(v, "SOURCE_INCOMPLETE").contains("Reader role on the subscriptions or management group"),
                run::toString);
        // The vault's subscription is unknown too: its reads keep within its own budget only, and that is said once.
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("cmkv: Key Vault reads of 1 vault(s), e.g."
                + " kv-cmk-prod.vault.azure.net, keep within each vault's budget only")).count(), run::toString);
    }
}
