package com.cmkverifier.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shared quota table on Azurite, written by several stores (instances) at once. */
class TableQuotaStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    private final String name = Azurite.uniqueName("quota");

    private TableQuotaStore instance() {
        TableClient t = new TableServiceClientBuilder().connectionString(Azurite.connection()).buildClient()
                .getTableClient(name);
        return new TableQuotaStore(t);
    }

    @Test
    void storesClaimingAtOnceNeverGrantMoreThanTheSliceCapTogether() {
        List<CompletableFuture<Integer>> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TableQuotaStore store = instance();
            claims.add(CompletableFuture.supplyAsync(() -> {
                int got = 0;
                for (int k = 0; k < 10; k++) {
                    got += store.claim("vault-a", 7, 25, 3, NOW).granted();
                }
                return got;
            }));
        }
        assertEquals(25, claims.stream().mapToInt(CompletableFuture::join).sum());
        assertEquals(3, instance().claim("vault-a", 8, 25, 3, NOW).granted(), "a new slice starts afresh");
    }

    @Test
    void aHoldOffStopsEveryStoreFromGrantingUntilItPasses() {
        instance().holdOff("vault-b", NOW.plusSeconds(5));
        TableQuotaStore other = instance();
        assertEquals(new QuotaStore.Claim(0, NOW.plusSeconds(5)), other.claim("vault-b", 1, 10, 2, NOW));
        assertEquals(2, other.claim("vault-b", 1, 10, 2, NOW.plusSeconds(5)).granted());
    }

    @Test
    void slotsAreHeldOnceFreedForTheNextAndLapseWhenTheirHolderDies() {
        TableQuotaStore a = instance();
        TableQuotaStore b = instance();
        assertEquals(0, a.takeSlot("logs-app", 2, NOW, NOW.plusSeconds(60)));
        assertEquals(1, b.takeSlot("logs-app", 2, NOW, NOW.plusSeconds(60)));
        assertEquals(-1, b.takeSlot("logs-app", 2, NOW, NOW.plusSeconds(60)));
        a.freeSlot("logs-app", 0);
        assertEquals(0, b.takeSlot("logs-app", 2, NOW, NOW.plusSeconds(60)));
        assertEquals(0, a.takeSlot("logs-app", 2, NOW.plusSeconds(61), NOW.plusSeconds(120)), "both holds lapsed");
    }
}
