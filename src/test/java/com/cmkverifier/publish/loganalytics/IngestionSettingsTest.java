package com.cmkverifier.publish.loganalytics;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history settings: off unless configured, and tokens only ever for an Azure Monitor ingestion host. */
class IngestionSettingsTest {

    private static final String RULE = "dcr-00112233445566778899aabbccddeeff";

    private static String error(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> IngestionSettings.fromEnvironment(env, 3))
                .getMessage();
    }

    @Test
    void withoutAnEndpointThereIsNoHistory() {
        assertEquals(Optional.empty(), IngestionSettings.fromEnvironment(Map.of(), 3));
    }

    @Test
    void aDataCollectionEndpointWithItsRuleGivesTheUploadUrlOfTheDefaultStream() {
        IngestionSettings s = IngestionSettings.fromEnvironment(Map.of(
                IngestionSettings.ENDPOINT, "https://dce-cmkv-a1b2.westeurope-1.ingest.monitor.azure.com",
                IngestionSettings.RULE_ID, RULE), 3).orElseThrow();
        assertEquals("https://dce-cmkv-a1b2.westeurope-1.ingest.monitor.azure.com/dataCollectionRules/" + RULE
                + "/streams/Custom-CmkVerification_CL?api-version=2023-01-01", s.uploadUrl());
    }

    @Test
    void anEndpointOutsideAzureMonitorIsRefusedNamingTheSetting() {
        for (String endpoint : new String[] {"https://example.com", "http://x.westeurope-1.ingest.monitor.azure.com",
                "https://x.ingest.monitor.azure.com.example.com", "https://x.ingest.monitor.azure.com:8443",
                "https://127.0.0.1"}) {
            String message = error(Map.of(IngestionSettings.ENDPOINT, endpoint, IngestionSettings.RULE_ID, RULE));
            assertTrue(message.startsWith(IngestionSettings.ENDPOINT + " '"), message);
        }
    }

    @Test
    void aBadRuleIdOrStreamIsRefusedNamingTheSetting() {
        String endpoint = "https://dce.westeurope-1.ingest.monitor.azure.com";
        assertTrue(error(Map.of(IngestionSettings.ENDPOINT, endpoint, IngestionSettings.RULE_ID, "my-rule"))
                .startsWith(IngestionSettings.RULE_ID));
        assertTrue(error(Map.of(IngestionSettings.ENDPOINT, endpoint)).startsWith(IngestionSettings.RULE_ID));
        assertTrue(error(Map.of(IngestionSettings.ENDPOINT, endpoint, IngestionSettings.RULE_ID, RULE,
                IngestionSettings.STREAM, "Custom-x'|drop")).startsWith(IngestionSettings.STREAM));
        assertTrue(error(Map.of(IngestionSettings.RULE_ID, RULE)).startsWith(IngestionSettings.RULE_ID));
    }
}
