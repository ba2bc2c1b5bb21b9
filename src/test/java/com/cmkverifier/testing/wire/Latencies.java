package com.cmkverifier.testing.wire;

import java.time.Duration;

/**
 * Round trips as a sweep in Azure sees them, for the bench (tests keep the fakes instant and count requests):
 * a Key Vault read about 30 ms, a Resource Graph page about 300 ms, a Logs query about 800 ms (run inside the
 * user's concurrency slot, see {@link LogAnalyticsLimits}). The figures are the assumptions for this
 * bench, not measurements of any one region.
 */
public final class Latencies {

    public static final Duration KEY_VAULT = Duration.ofMillis(30);
    public static final Duration RESOURCE_GRAPH = Duration.ofMillis(300);
    public static final Duration LOGS = Duration.ofMillis(800);

    private Latencies() {
    }

    /** Azure's quotas on the real clock, with realistic round trips, on these fakes. */
    public static void realistic(FakeKeyVault vault, KeyVaultLimits vaultLimits, FakeLogAnalytics logs,
                                 FakeResourceGraph graph) {
        vault.enforce(vaultLimits).server().latency(KEY_VAULT);
        logs.enforce(LogAnalyticsLimits.azure(LOGS));
        if (graph != null) {
            graph.server().latency(RESOURCE_GRAPH);
        }
    }
}
