package com.cmkverifier.reliability;

import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.testing.wire.DummyCredential;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Log Analytics workspace that fails in any way makes exactly the resources logging to it INCONCLUSIVE with
 * SOURCE_INCOMPLETE, after at most 1 + maxRetries tries of its query, while the other workspace's resources
 * keep their true verdicts.
 */
class LogAnalyticsFaultsTest {

    private static final int RESOURCES = 4;
    /** One retry proves the bound; each try of a too-slow query costs the SDK's wait (query timeout + 5 s). */
    private static final int MAX_RETRIES = 1;
    private static final String FAULTY = Estate.WORKSPACES.get(0);

    @ParameterizedTest
    @EnumSource(WireFault.class)
    void aFailingWorkspaceMakesOnlyItsResourcesInconclusiveAfterBoundedRetries(WireFault fault) {
        try (Estate estate = new Estate(RESOURCES)) {
            fault.inject(estate.logs.server(), Estate.activityQueriesOf(FAULTY));
            LiveSources sources = estate.sources(MAX_RETRIES, Duration.ofSeconds(10), Duration.ofSeconds(1),
                    new DummyCredential());

            VerificationReport report = estate.verify(sources);

            for (int i = 0; i < RESOURCES; i++) {
                Verdict v = Estate.verdictOf(report, i);
                if (Estate.workspace(i).equals(FAULTY)) {
                    assertEquals(VerdictStatus.INCONCLUSIVE, v.status(), v::toString);
                    assertTrue(v.has(FindingCode.SOURCE_INCOMPLETE), fault + ": " + v);
                } else {
                    assertEquals(VerdictStatus.VERIFIED, v.status(), v::toString);
                }
            }
            long tries = estate.logs.queries(FAULTY, "activity");
            assertTrue(tries >= 1 && tries <= 1 + MAX_RETRIES, fault + ": " + tries + " tries of one query");
        }
    }
}
