package com.cmkverifier.state;

import com.cmkverifier.core.model.VerdictStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static RunStore store;

    @BeforeAll
    static void table() {
        StorageClients clients = new StorageClients(new StorageAccess.ConnectionString(Azurite.connection()));
        store = new RunStore(clients.tables().getTableClient(Azurite.uniqueName("runs")));
    }

    @Test
    void aStoredRunReadsBackWithItsFields() {
        Run created = store.create(Run.start("run-a", "stcmkdata", T0.minusSeconds(600), Duration.ofMinutes(30), T0));
        Run read = store.find("run-a").orElseThrow();
        assertEquals("stcmkdata", read.resource());
        assertEquals(T0.minusSeconds(600), read.since());
        assertEquals(T0.plus(Duration.ofMinutes(30)), read.deadline());
        assertFalse(read.done());
        assertEquals(created.etag(), read.etag());
    }

    @Test
    void aWriteFromAStaleVersionIsRefused() {
        Run created = store.create(Run.start("run-b", "stcmkdata", null, Duration.ofMinutes(30), T0));
        assertTrue(store.replace(created.checked(T0.plusSeconds(60), VerdictStatus.INCONCLUSIVE, "{}", T0)));
        assertFalse(store.replace(created.concluded(T0.plusSeconds(90), VerdictStatus.VERIFIED, "{}", null)));
        assertEquals(VerdictStatus.INCONCLUSIVE, store.find("run-b").orElseThrow().status());
    }

    @Test
    void aVerdictLargerThanOnePropertyRoundTripsIntact() {
        String verdict = "{\"m\":\"" + "ab\uD83D\uDD11".repeat(40_000) + "\"}";
        Run created = store.create(Run.start("run-c", "x", null, Duration.ofMinutes(30), T0));
        assertTrue(store.replace(created.concluded(T0, VerdictStatus.WARNING, verdict, null)));
        assertEquals(verdict, store.find("run-c").orElseThrow().verdictJson());
    }

    @Test
    void anUnknownRunIsAbsent() {
        assertTrue(store.find("no-such-run").isEmpty());
    }
}
