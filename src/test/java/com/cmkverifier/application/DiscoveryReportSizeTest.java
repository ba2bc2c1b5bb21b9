package com.cmkverifier.application;

import com.cmkverifier.discovery.Discovery;
import com.cmkverifier.discovery.DiscoveryReport;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.state.ChunkedText;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A discovery's report is stored with its run: whole when it fits a table entity, else without the entry list. */
class DiscoveryReportSizeTest {

    private static Discovery.Result result(int entries) {
        List<Discovery.Change> changes = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            String id = "/subscriptions/6f3e2d1c-0b9a-4c8d-9e7f-1a2b3c4d5e6f/resourceGroups/rg-vm/providers/"
                    + "Microsoft.Compute/diskEncryptionSets/des-" + i;
            changes.add(new Discovery.Change("des-" + i, id, Discovery.Outcome.ADDED,
                    "https://kv-cmk-prod.vault.azure.net/keys/des-cmk"));
        }
        return new Discovery.Result(List.of(), changes, List.of("vault kv-cmk-prod: no diagnostic setting"), List.of(),
                entries);
    }

    @Test
    void aReportThatFitsIsStoredWhole() throws Exception {
        JsonNode stored = Jackson.MAPPER.readTree(Discoveries.report(result(10)));
        assertEquals(10, stored.get("entries").size());
        assertTrue(stored.path("entriesOmitted").isMissingNode());
    }

    @Test
    void aReportTooLargeForOneEntityKeepsItsSummaryAndSaysWhatItLeftOut() throws Exception {
        String whole = DiscoveryReport.json(result(5_000));
        assertFalse(ChunkedText.fits(whole), "5,000 entries are " + whole.length() + " characters");
        String stored = Discoveries.report(result(5_000));
        assertTrue(ChunkedText.fits(stored));
        JsonNode report = Jackson.MAPPER.readTree(stored);
        assertTrue(report.path("entries").isMissingNode());
        assertEquals(5_000, report.at("/summary/added").asInt());
        assertTrue(report.get("entriesOmitted").asText().startsWith("5000 entries"));
        assertEquals(1, report.get("notes").size());
    }
}
