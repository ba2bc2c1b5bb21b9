package com.cmkverifier.evidence.live;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.discovery.live.LiveDiscovery;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.MemoryQuotaStore;
import com.cmkverifier.state.TableQuotaStore;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.FakeResourceGraph;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.KeyVaultLimits;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many vaults of one subscription read at once by three app instances (each its own clients, Resource Graph client
 * and gate over one Azurite quota table), through the real Key Vault and Resource Graph clients against the
 * quota-enforcing fakes: the instances learn the vaults' subscription from Resource Graph and together keep the
 * subscription within the same fraction of its ceiling (five times a vault's limit) in every window, counted by the
 * fake Key Vault. A vault Resource Graph does not show is read within its own budget only, and that is said once.
 */
class SubscriptionCeilingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUBSCRIPTION = "6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f";
    private static final int INSTANCES = 3;
    /** A vault's limit per (shortened) 1-second window; the subscription's ceiling is five times that. */
    private static final int VAULT_LIMIT = 100;
    private static final QuotaSettings QUOTAS = new QuotaSettings(VAULT_LIMIT, 10, Duration.ofSeconds(1), 2, 2, 5,
            200, Duration.ofSeconds(30), "app");
    /** 10 % of the subscription's ceiling of 500: the instances together may send 50 in any second. */
    private static final int SUBSCRIPTION_BUDGET = 50;
    /** Twenty vaults at their own budget of 10 could send 200 a second to the subscription together. */
    private static final int VAULTS = 20;

    private final String table = Azurite.uniqueName("quota");
    private final FakeKeyVault vault = new FakeKeyVault(25);
    private final FakeLogAnalytics logs = new FakeLogAnalytics();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private FakeResourceGraph graph;

    @AfterEach
    void stop() {
        vault.close();
        logs.close();
        if (graph != null) {
            graph.close();
        }
    }

    @Test
    void instancesKeepManyVaultsOfOneSubscriptionWithinItsBudgetFractionInEveryWindow() {
        Fleet fleet = new Fleet(200, VAULTS, 200, 1);
        KeyVaultLimits limits = new KeyVaultLimits(VAULT_LIMIT, Duration.ofSeconds(1), Clock.systemUTC(),
                host -> SUBSCRIPTION);
        fleet.load(vault.enforce(limits), logs);
        graph = new FakeResourceGraph(vaultRows(VAULTS));

        List<VerificationReport> reports = runAtOnce(fleet);

        assertTrue(limits.subscriptions().peak(SUBSCRIPTION) <= SUBSCRIPTION_BUDGET, "most requests to the"
                + " subscription's vaults in one second: " + limits.subscriptions().peak(SUBSCRIPTION) + ", budget "
                + SUBSCRIPTION_BUDGET);
        assertTrue(limits.vaults().peak() <= VAULT_LIMIT / 10, "busiest vault: " + limits.vaults().peak());
        assertEquals(0, limits.refused(), "429s from Key Vault");
        assertTrue(reports.stream().flatMap(r -> r.verdicts().stream())
                .noneMatch(v -> v.has(FindingCode.SOURCE_INCOMPLETE)), "every key was read, none given up");
        // Not vacuous: the instances sent several times the subscription's budget in all.
        assertTrue(vault.authenticatedRequests() > 4 * SUBSCRIPTION_BUDGET, "requests: "
                + vault.authenticatedRequests());
        // One Resource Graph query per instance named all twenty vaults' subscription; nothing to say.
        assertEquals(INSTANCES, graph.queries());
        assertEquals(List.of(), notes);
    }

    @Test
    void aVaultResourceGraphDoesNotShowIsGatedPerVaultAndThatIsSaidOnce() {
        Fleet fleet = new Fleet(12, 3, 12, 1);
        fleet.load(vault, logs);
        graph = new FakeResourceGraph(vaultRows(2));
        QuotaGate gate = oneProcess();
        VerificationService service = instance(fleet, gate);

        service.verify(fleet.registry(), fleet.resources(), Fleet.WINDOW, Fleet.AT);
        service.verify(fleet.registry(), fleet.resources(), Fleet.WINDOW, Fleet.AT);

        assertTrue(gate.knowsSubscription(Fleet.vaultHost(0)));
        assertTrue(gate.knowsSubscription(Fleet.vaultHost(1)));
        assertTrue(!gate.knowsSubscription(Fleet.vaultHost(2)), "kv-002 is not in Resource Graph's answer");
        assertEquals(1, notes.size(), "said once: " + notes);
        assertTrue(notes.get(0).contains("1 vault(s), e.g. kv-002.vault.azure.net"), notes.get(0));
        assertEquals(1, graph.queries(), "each vault is asked about once per process");
    }

    @Test
    void withoutResourceGraphAccessEveryVaultIsGatedPerVaultAndThatIsSaidOnce() {
        Fleet fleet = new Fleet(12, 3, 12, 1);
        fleet.load(vault, logs);
        graph = new FakeResourceGraph(vaultRows(3));
        graph.denyAccess();
        QuotaGate gate = oneProcess();

        VerificationReport report = instance(fleet, gate).verify(fleet.registry(), fleet.resources(), Fleet.WINDOW,
                Fleet.AT);

        assertTrue(!gate.knowsSubscription(Fleet.vaultHost(0)));
        assertEquals(1, notes.size(), "said once: " + notes);
        assertTrue(notes.get(0).contains("3 vault(s)") && notes.get(0).contains("AccessDenied"), notes.get(0));
        // The keys are read all the same: the ceiling paces reads, it is no evidence.
        assertTrue(report.verdicts().stream().noneMatch(v -> v.has(FindingCode.SOURCE_INCOMPLETE)));
    }

    private List<VerificationReport> runAtOnce(Fleet fleet) {
        List<CompletableFuture<VerificationReport>> runs = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            int part = i;
            VerificationService service = instance(fleet, gate());
            List<ProtectedResource> mine = fleet.resources().stream()
                    .filter(r -> Math.floorMod(r.key().keyName().hashCode(), INSTANCES) == part).toList();
            runs.add(CompletableFuture.supplyAsync(() -> service.verify(fleet.registry(), mine, Fleet.WINDOW,
                    Fleet.AT)));
        }
        return runs.stream().map(CompletableFuture::join).toList();
    }

    private QuotaGate gate() {
        TableClient quotaTable = new TableServiceClientBuilder().connectionString(Azurite.connection()).buildClient()
                .getTableClient(table);
        return new QuotaGate(new TableQuotaStore(quotaTable), QUOTAS, Clock.systemUTC());
    }

    /** The CLI's gate: one process, counted in memory. */
    private static QuotaGate oneProcess() {
        return new QuotaGate(new MemoryQuotaStore(), QuotaSettings.DEFAULTS, Clock.systemUTC());
    }

    /** One app instance as production wires it: Key Vault reads learn their subscriptions from Resource Graph. */
    private VerificationService instance(Fleet fleet, QuotaGate gate) {
        LiveSettings settings = new LiveSettings(URI.create(logs.endpoint()), Duration.ofMinutes(1),
                Duration.ofSeconds(30), 20, 8, 3, Duration.ofMillis(10));
        LiveSources sources = LiveSources.create(settings, new DummyCredential(), WireServer.trustingClient(),
                VaultEndpoints.overriding(fleet.endpoints(vault)), gate);
        LiveDiscovery discovery = new LiveDiscovery(new DummyCredential(),
                ThrottledHttpClient.resourceManager(WireServer.trustingClient(), gate), WireServer.retries(1),
                URI.create(graph.server().baseUrl()), d -> graph.quota().advance(d));
        return new VerificationService(sources.auditLogs(), new SubscriptionCeiling(sources.keyMetadata(), gate,
                discovery::vaultSubscriptions, notes::add), VerificationSettings.DEFAULTS);
    }

    /** Resource Graph's rows of the first {@code n} vaults of the fleet, all in one subscription. */
    private static List<JsonNode> vaultRows(int n) {
        List<JsonNode> rows = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            String name = Fleet.vaultHost(v).substring(0, Fleet.vaultHost(v).indexOf('.'));
            rows.add(MAPPER.createObjectNode().put("id", "/subscriptions/" + SUBSCRIPTION
                            + "/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/" + name)
                    .put("name", name).put("type", "microsoft.keyvault/vaults").put("subscriptionId", SUBSCRIPTION));
        }
        return rows;
    }
}
