package com.cmkverifier.functions;

import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.QuotaGate;
import com.cmkverifier.evidence.live.QuotaSettings;
import com.cmkverifier.evidence.live.SubscriptionCeiling;
import com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSource;
import com.cmkverifier.state.MemoryQuotaStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ProductionWiringTest {

    @Test
    void productionReadsEvidenceFromKeyVaultAndLogAnalytics() {
        EvidenceSources live = AppContext.liveEvidence(LiveSettings.DEFAULTS,
                new QuotaGate(new MemoryQuotaStore(), QuotaSettings.DEFAULTS, Clock.systemUTC()), names -> Map.of());
        assertInstanceOf(LogAnalyticsAuditLogSource.class, live.auditLogs());
        // Key Vault, read within the vaults' subscriptions' ceiling where Resource Graph names them.
        assertInstanceOf(SubscriptionCeiling.class, live.keyMetadata());
    }
}
