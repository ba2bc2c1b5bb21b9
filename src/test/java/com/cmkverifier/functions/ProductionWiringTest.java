package com.cmkverifier.functions;

import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.evidence.keyvault.KeyVaultKeyMetadataSource;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.QuotaGate;
import com.cmkverifier.evidence.live.QuotaSettings;
import com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSource;
import com.cmkverifier.state.MemoryQuotaStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ProductionWiringTest {

    @Test
    void productionReadsEvidenceFromKeyVaultAndLogAnalytics() {
        EvidenceSources live = AppContext.liveEvidence(LiveSettings.DEFAULTS,
                new QuotaGate(new MemoryQuotaStore(), QuotaSettings.DEFAULTS, Clock.systemUTC()));
        assertInstanceOf(LogAnalyticsAuditLogSource.class, live.auditLogs());
        assertInstanceOf(KeyVaultKeyMetadataSource.class, live.keyMetadata());
    }
}
