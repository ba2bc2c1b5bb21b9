package com.cmkverifier.evidence.live;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.state.Azurite;
import com.cmkverifier.state.TableQuotaStore;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Fleet;
import com.cmkverifier.testing.wire.KeyVaultLimits;
import com.cmkverifier.testing.wire.LogAnalyticsLimits;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three independent instances of the app (each its own credential, HTTP client, table client and sources, as
 * three Functions hosts would have), run at once against one quota-enforcing Key Vault and Logs API and one
 * Azurite quota table: together they keep each vault under the stated budget, hold at most five queries of
 * their shared identity at once, and a 429 that one of them hears holds the others off too. Counted from the
 * fakes' own records, never timed.
 */
class QuotaAcrossInstancesTest {

    private static final int INSTANCES = 3;
    /** A vault's limit per (shortened) 1-second window, and the 10 % the instances may use of it together. */
    private static final int VAULT_LIMIT = 300;
    private static final int BUDGET = 30;
    private static final QuotaSettings QUOTAS = new QuotaSettings(VAULT_LIMIT, 10, Duration.ofSeconds(1), 2, 2, 5,
            200, Duration.ofSeconds(30), "app");

    private final String table = Azurite.uniqueName("quota");
    private final FakeKeyVault vault = new FakeKeyVault(25);
    private final FakeLogAnalytics logs = new FakeLogAnalytics();

    @AfterEach
    void stop() {
        vault.close();
        logs.close();
    }

    @Test
    void instancesTogetherKeepEachVaultUnderItsBudgetFractionInEveryWindow() {
        Fleet fleet = new Fleet(180, 2, 60, 1);
        KeyVaultLimits limits = new KeyVaultLimits(VAULT_LIMIT, Duration.ofSeconds(1), Clock.systemUTC(),
                host -> "sub-1");
        fleet.load(vault.enforce(limits), logs);

        List<VerificationReport> reports = runAtOnce(fleet, 3);

        assertTrue(limits.vaults().peak() <= BUDGET, "most requests to one vault in one second: "
                + limits.vaults().peak() + ", budget " + BUDGET);
        assertEquals(0, limits.refused(), "429s from Key Vault");
        assertEquals(fleet.resources().size(), verdicts(reports).size());
        assertTrue(verdicts(reports).stream().noneMatch(v -> v.has(FindingCode.SOURCE_INCOMPLETE)),
                "every key was read, none given up");
        // Not vacuous: the instances sent many times the budget in all.
        assertTrue(vault.server().received().size() > 3 * BUDGET, "requests: " + vault.server().received().size());
    }

    @Test
    void instancesTogetherRunAtMostFiveQueriesOfTheirIdentityAtOnce() {
        Fleet fleet = new Fleet(240, 24, 48, 24);
        LogAnalyticsLimits limits = new LogAnalyticsLimits(200, Duration.ofSeconds(30), 5, Duration.ofMillis(200),
                Duration.ofMillis(150), Clock.systemUTC());
        fleet.load(vault, logs.enforce(limits));

        List<VerificationReport> reports = runAtOnce(fleet, 3);

        // Each instance alone queries up to four workspaces at once: twelve together without the shared slots.
        assertTrue(logs.server().maxInFlight() <= 5, "queries at once: " + logs.server().maxInFlight());
        assertEquals(0, limits.refused(), "429s from Log Analytics");
        assertTrue(verdicts(reports).stream().noneMatch(v -> v.has(FindingCode.SOURCE_INCOMPLETE)));
        assertTrue(logs.queries("activity") >= 24, "activity queries: " + logs.queries("activity"));
    }

    @Test
    void aRetryAfterOneInstanceHeardHoldsEveryInstanceOffThatVault() {
        Fleet fleet = new Fleet(12, 2, 12, 1);
        fleet.load(vault, logs);
        List<ProtectedResource> onA = fleet.resources().stream()
                .filter(r -> r.key().vaultHost().startsWith("kv-000")).toList();
        List<ProtectedResource> onB = fleet.resources().stream()
                .filter(r -> r.key().vaultHost().startsWith("kv-001")).toList();
        VerificationService first = instance(fleet, 0);
        VerificationService second = instance(fleet, 3);
        // The second instance is warm (connections, classes) before the 429, so that only the gate can hold it.
        second.verify(fleet.registry(), onB, Fleet.WINDOW, Fleet.AT);
        Predicate<Received> anyToTheVault = r -> r.path().startsWith("/kv-000.vault.azure.net/");
        vault.server().failNext(anyToTheVault, 1, Reply.throttled(2));

        // The first instance gives up at once (no retries): its only trace is the hold-off it recorded.
        first.verify(fleet.registry(), onA.subList(0, 1), Fleet.WINDOW, Fleet.AT);
        long throttledAt = vault.server().received().stream().filter(anyToTheVault).findFirst().orElseThrow().nanos();
        VerificationReport report = second.verify(fleet.registry(), onA, Fleet.WINDOW, Fleet.AT);

        long during = vault.server().count(r -> anyToTheVault.test(r) && r.nanos() > throttledAt
                && r.nanos() < throttledAt + Duration.ofMillis(1_900).toNanos());
        assertEquals(0, during, "requests to the vault while its Retry-After ran");
        assertTrue(vault.server().count(anyToTheVault) > onA.size(), "the second instance read the vault afterwards");
        assertTrue(report.verdicts().stream().noneMatch(v -> v.has(FindingCode.SOURCE_INCOMPLETE)));
    }

    private List<VerificationReport> runAtOnce(Fleet fleet, int retries) {
        List<CompletableFuture<VerificationReport>> runs = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            int part = i;
            VerificationService service = instance(fleet, retries);
            List<ProtectedResource> mine = fleet.resources().stream()
                    .filter(r -> Math.floorMod(r.key().keyName().hashCode(), INSTANCES) == part).toList();
            runs.add(CompletableFuture.supplyAsync(() -> service.verify(fleet.registry(), mine, Fleet.WINDOW,
                    Fleet.AT)));
        }
        return runs.stream().map(CompletableFuture::join).toList();
    }

    /** One app instance: its own clients and gate over the shared quota table. */
    private VerificationService instance(Fleet fleet, int retries) {
        TableClient quotaTable = new TableServiceClientBuilder().connectionString(Azurite.connection()).buildClient()
                .getTableClient(table);
        QuotaGate gate = new QuotaGate(new TableQuotaStore(quotaTable), QUOTAS, Clock.systemUTC());
        LiveSettings settings = new LiveSettings(URI.create(logs.endpoint()), Duration.ofMinutes(1),
                Duration.ofSeconds(30), 20, 8, retries, Duration.ofMillis(10));
        LiveSources sources = LiveSources.create(settings, new DummyCredential(), WireServer.trustingClient(),
                VaultEndpoints.overriding(fleet.endpoints(vault)), gate);
        return new VerificationService(sources.auditLogs(), sources.keyMetadata(), VerificationSettings.DEFAULTS);
    }

    private static List<Verdict> verdicts(List<VerificationReport> reports) {
        return reports.stream().flatMap(r -> r.verdicts().stream()).toList();
    }
}
