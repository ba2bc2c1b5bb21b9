package com.cmkverifier.reliability;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.ExecutionBudget;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.testing.wire.DummyCredential;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 point 5 / issue 21 point 3: with the production retry settings (as {@link AppSettings} reads them:
 * 3 retries, 800 ms first back-off, at most 30 s), the real SDK clients try a 504 or a stalled request exactly as
 * often as the execution budget counts, then the source ends SOURCE_INCOMPLETE instead of outlasting the
 * function. The timeouts are the shortest allowed (PT1S) so that a stalled try costs seconds, not minutes.
 */
class RetriesWithinBudgetTest {

    private static final Map<String, String> PRODUCTION = Map.of(AppSettings.STORAGE, "UseDevelopmentStorage=true",
            AppSettings.LOGS_QUERY_TIMEOUT, "PT1S", AppSettings.KEYVAULT_TIMEOUT, "PT1S");

    enum Failing { LOGS_504, LOGS_STALLED, KEY_VAULT_504 }

    @ParameterizedTest
    @EnumSource(Failing.class)
    void everyTryTheSdkMakesIsOneTheBudgetCountedAndTheSourceEndsIncomplete(Failing failing) {
        AppSettings app = AppSettings.from(PRODUCTION);
        LiveSettings live = app.live();
        ExecutionBudget budget = app.budget();
        try (Estate estate = new Estate(2)) {
            String faulty = Estate.workspace(0);
            switch (failing) {
                case LOGS_504 -> WireFault.GATEWAY_TIMEOUT_504.inject(estate.logs.server(), Estate.activityQueriesOf(faulty));
                case LOGS_STALLED -> WireFault.TOO_SLOW.inject(estate.logs.server(), Estate.activityQueriesOf(faulty));
                case KEY_VAULT_504 -> WireFault.GATEWAY_TIMEOUT_504.inject(estate.vault.server(), Estate.vaultOf(0));
            }
            LiveSources sources = estate.sources(new LiveSettings(URI.create(estate.logs.endpoint()), live.queryTimeout(),
                    live.keyVaultTimeout(), live.batchSize(), live.maxConcurrency(), live.maxRetries(),
                    live.retryDelay()), new DummyCredential());

            Verdict hit = Estate.verdictOf(estate.verify(sources), 0);
            assertTrue(hit.has(FindingCode.SOURCE_INCOMPLETE), hit::toString);

            long tries = failing == Failing.KEY_VAULT_504
                    ? estate.vault.requests(Estate.key(0), "get") : estate.logs.queries(faulty, "activity");
            assertEquals(1 + live.maxRetries(), tries, "the SDK's tries of one call");
            Duration delays = LiveSources.maxRetryDelay(live).multipliedBy(tries - 1);
            assertEquals(failing == Failing.KEY_VAULT_504
                            ? live.keyVaultTimeout().multipliedBy(tries).plus(delays)
                            : live.queryTimeout().plusSeconds(5).multipliedBy(tries).plus(delays),
                    failing == Failing.KEY_VAULT_504 ? budget.keyVaultCall() : budget.logsCall(),
                    "the budget counts exactly those tries, each its whole timeout, and the longest back-off between");
            assertTrue(budget.check().compareTo(budget.functionTimeout()) <= 0);
        }
    }
}
