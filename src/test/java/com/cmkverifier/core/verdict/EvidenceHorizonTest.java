package com.cmkverifier.core.verdict;

import com.cmkverifier.core.model.Window;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvidenceHorizonTest {

    private static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void aWindowEndingAtTheEvaluationSaysItsLastRecordsMayStillArrive() {
        EvidenceHorizon h = EvidenceHorizon.of(AT.minusSeconds(30), Window.ending(AT, Duration.ofDays(1)), AT);

        assertTrue(h.windowWithinLag());
        assertEquals("latest audit record seen at 2026-12-06T11:59:30Z; the window ends less than 10 minutes before the"
                + " evaluation, so its last records may still arrive", h.describe());
    }

    @Test
    void aWindowEndingTheLagBeforeTheEvaluationIsSettled() {
        Instant end = EvidenceHorizon.sweepWindowEnd(AT);
        EvidenceHorizon h = EvidenceHorizon.of(null, Window.ending(end, Duration.ofDays(1)), AT);

        assertEquals(AT.minus(Duration.ofMinutes(10)), end);
        assertFalse(h.windowWithinLag());
        assertEquals("no audit record seen in the window", h.describe());
    }
}
