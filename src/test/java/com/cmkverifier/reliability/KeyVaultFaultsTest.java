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
 * A Key Vault that fails in any way makes exactly its own resources INCONCLUSIVE with SOURCE_INCOMPLETE, after
 * at most 1 + maxRetries tries per request, while the rest of the sweep gets its true verdict.
 */
class KeyVaultFaultsTest {

    private static final int RESOURCES = 4;
    private static final int FAULTY = 1;
    private static final int MAX_RETRIES = 2;
    /**
     * The JDK HTTP client itself re-sends an idempotent GET once when its connection closes before any byte of
     * the answer (that is how a stale pooled connection looks), so a dropped connection costs two wire requests
     * per SDK try. POSTs (Log Analytics) are never re-sent this way.
     */
    static final int JDK_RESENDS_OF_A_DROPPED_GET = 2;

    @ParameterizedTest
    @EnumSource(value = WireFault.class, names = {"THROTTLING_STORM", "INTERNAL_ERROR_500", "UNAVAILABLE_503",
            "CONNECTION_DROPPED", "MALFORMED_JSON", "TRUNCATED_BODY", "TOO_SLOW"})
    void aFailingVaultMakesOnlyItsResourcesInconclusiveAfterBoundedRetries(WireFault fault) {
        try (Estate estate = new Estate(RESOURCES)) {
            fault.inject(estate.vault.server(), Estate.vaultOf(FAULTY));
            // Well under the fault's 20 s delay, yet long enough that a healthy vault's answer on a busy 2-core
            // machine is never taken for a timeout.
            LiveSources sources = estate.sources(MAX_RETRIES, Duration.ofSeconds(5), Duration.ofSeconds(30),
                    new DummyCredential());

            VerificationReport report = estate.verify(sources);

            Verdict hit = Estate.verdictOf(report, FAULTY);
            assertEquals(VerdictStatus.INCONCLUSIVE, hit.status(), hit::toString);
            assertTrue(hit.has(FindingCode.SOURCE_INCOMPLETE), hit::toString);
            for (int i = 0; i < RESOURCES; i++) {
                if (i != FAULTY) {
                    assertEquals(VerdictStatus.VERIFIED, Estate.verdictOf(report, i).status(), "res-" + i);
                }
            }
            long tries = estate.vault.requests(Estate.key(FAULTY), "get");
            long bound = (1 + MAX_RETRIES) * (fault == WireFault.CONNECTION_DROPPED ? JDK_RESENDS_OF_A_DROPPED_GET : 1);
            assertTrue(tries >= 1 && tries <= bound, fault + ": " + tries + " tries of one request");
        }
    }
}
