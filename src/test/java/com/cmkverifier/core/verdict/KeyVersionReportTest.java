package com.cmkverifier.core.verdict;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.RecordBuilder;
import com.cmkverifier.core.testdata.ResourceBuilder;
import com.cmkverifier.core.testdata.Scenario;
import com.cmkverifier.core.testdata.VersionBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per key version, the last successful use by any caller: "may I disable the old version yet?". */
class KeyVersionReportTest {

    private static final String V_ORPHAN = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static List<KeyVersionReport> report(RecordBuilder... records) {
        return Scenario.of(ResourceBuilder.storage()).logs(records)
                .versions(VersionBuilder.previous().build(), VersionBuilder.newest().build()).verdict().keyVersions();
    }

    @Test
    void versionsAreListedNewestFirst() {
        assertEquals(List.of(Lab.V_NEW, Lab.V_OLD), report().stream().map(KeyVersionReport::version).toList());
    }

    @Test
    void eachVersionReportsItsLastSuccessfulUseByAnyCaller() {
        List<KeyVersionReport> r = report(RecordBuilder.unwrap().version(Lab.V_OLD).hoursAgo(5),
                RecordBuilder.unwrap().version(Lab.V_OLD).by(Lab.STRANGER).hoursAgo(2),
                RecordBuilder.unwrap().version(Lab.V_NEW).hoursAgo(1));
        assertEquals(Lab.AT.minusSeconds(3600), r.get(0).lastSuccessfulUse());
        assertEquals(Lab.AT.minusSeconds(2 * 3600), r.get(1).lastSuccessfulUse());
        assertEquals(2L, r.get(1).successfulUses());
    }

    @Test
    void failuresAndReadsAreNotUses() {
        List<KeyVersionReport> r = report(RecordBuilder.forbidden("KeyUnwrap").version(Lab.V_OLD),
                RecordBuilder.operation("KeyGet").version(Lab.V_OLD));
        assertNull(r.get(1).lastSuccessfulUse());
        assertEquals(0L, r.get(1).successfulUses());
    }

    @Test
    void theVersionAVersionlessResourceResolvesToIsCurrent() {
        List<KeyVersionReport> r = report();
        assertTrue(r.get(0).current());
        assertFalse(r.get(1).current());
    }

    @Test
    void aVersionSeenOnlyInTheLogsIsReportedAfterTheKnownOnes() {
        List<KeyVersionReport> r = report(RecordBuilder.unwrap().version(V_ORPHAN).by(new Caller(null, null, null)));
        assertEquals(List.of(Lab.V_NEW, Lab.V_OLD, V_ORPHAN), r.stream().map(KeyVersionReport::version).toList());
        assertEquals(1L, r.get(2).successfulUses());
    }
}
