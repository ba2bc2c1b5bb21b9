package com.cmkverifier.evidence.live;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuotaSettingsTest {

    @Test
    void theDefaultBudgetIsTenPercentOfTwoThousandAndNoTenSecondsHoldMore() {
        QuotaSettings q = QuotaSettings.fromEnvironment(Map.of());
        assertEquals(200, q.vaultBudget());
        assertEquals(28, q.vaultSliceCap());
        // Any 10 s interval overlaps at most slices + 1 slices, and one more for requests sent late.
        assertTrue((q.slices() + 2) * q.vaultSliceCap() <= q.vaultBudget());
        assertEquals("app", q.identity());
    }

    @Test
    void aSubscriptionsBudgetIsTheSameFractionOfFiveVaultsLimitsSlicedTheSameWay() {
        QuotaSettings q = QuotaSettings.fromEnvironment(Map.of());
        assertEquals(1_000, q.subscriptionBudget());
        assertEquals(142, q.subscriptionSliceCap());
        assertTrue((q.slices() + 2) * q.subscriptionSliceCap() <= q.subscriptionBudget());
        QuotaSettings rsa4096 = QuotaSettings.fromEnvironment(Map.of(QuotaSettings.VAULT_LIMIT, "250"));
        assertEquals(125, rsa4096.subscriptionBudget());
        assertEquals(17, rsa4096.subscriptionSliceCap());
    }

    @Test
    void theSettingsAreReadAndABadOneIsNamed() {
        QuotaSettings q = QuotaSettings.fromEnvironment(Map.of(QuotaSettings.VAULT_LIMIT, "250",
                QuotaSettings.VAULT_BUDGET_PERCENT, "20", "AZURE_CLIENT_ID", "11111111-2222-3333-4444-555555555555"));
        assertEquals(50, q.vaultBudget());
        assertEquals(7, q.vaultSliceCap());
        assertEquals("11111111-2222-3333-4444-555555555555", q.identity());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> QuotaSettings.fromEnvironment(Map.of(QuotaSettings.VAULT_BUDGET_PERCENT, "90")));
        assertTrue(bad.getMessage().startsWith("CMKV_VAULT_BUDGET_PERCENT '90'"), bad.getMessage());
        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
                () -> QuotaSettings.fromEnvironment(Map.of(QuotaSettings.VAULT_LIMIT, "20")));
        assertTrue(tiny.getMessage().contains("less than one request"), tiny.getMessage());
    }
}
