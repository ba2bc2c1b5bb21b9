package com.cmkverifier.evidence.live;

import java.time.Duration;
import java.util.Map;

/**
 * How much of Azure's quotas the verifier allows itself, across all its instances.
 *
 * <p>Key Vault counts transactions per vault and region in 10 seconds, weighted by key type, and the vault's
 * budget is shared with the storage accounts and databases that unwrap their keys through it
 * (learn.microsoft.com/azure/key-vault/general/service-limits). The verifier spends at most
 * {@code vaultPercent} % of {@code vaultLimit} per window on each vault. {@code vaultLimit} is the vault's limit
 * for the verifier's reads: 2,000 by default (HSM-protected RSA 2,048-bit and EC keys; software keys allow
 * 4,000); set 1,000, 500 or 250 for RSA 3,072 / 4,096-bit keys. The window is split into {@code slices} equal
 * slices and each slice may hold {@code budget / (slices + 2)} requests: any window-long interval overlaps at
 * most {@code slices + 1} slices, and one more slice allows for a request that leaves up to a slice after its
 * token was taken (a busy machine, a slow connection), so no interval, however it falls, holds more than the
 * budget when the requests arrive.
 *
 * <p>A subscription's ceiling is five times a vault's limit, for all transaction types ("A subscription-wide
 * limit for all transaction types is five times per key vault limit", learn.microsoft.com/azure/key-vault/
 * general/overview-throttling): the verifier spends at most the same {@code vaultPercent} % of it, sliced the
 * same way, when it knows the vault's subscription.
 *
 * <p>Log Analytics allows a user five concurrent queries and 200 queries per 30 seconds
 * (learn.microsoft.com/azure/azure-monitor/service-limits); the verifier's identity is one user however many
 * instances run, so both are shared: {@code logsConcurrent} slots and a rate of {@code logsRate} per
 * {@code logsWindow}, sliced the same way.
 *
 * @param claimSize tokens an instance takes from the shared counter at once; fewer storage transactions, at
 *                  the price of tokens an instance took but did not use before its slice ended
 * @param identity  whose Log Analytics quota this is: the user-assigned identity's client id, or "app"
 */
public record QuotaSettings(int vaultLimit, int vaultPercent, Duration window, int slices, int claimSize,
                            int logsConcurrent, int logsRate, Duration logsWindow, String identity) {

    public static final String VAULT_LIMIT = "CMKV_VAULT_LIMIT";
    public static final String VAULT_BUDGET_PERCENT = "CMKV_VAULT_BUDGET_PERCENT";

    /** A subscription's Key Vault ceiling, in vaults' limits. */
    public static final int SUBSCRIPTION_VAULTS = 5;

    public static final QuotaSettings DEFAULTS = new QuotaSettings(2_000, 10, Duration.ofSeconds(10), 5, 8, 5, 200,
            Duration.ofSeconds(30), "app");

    public QuotaSettings {
        if (vaultLimit < 1 || vaultPercent < 1 || vaultPercent > 100 || slices < 1 || claimSize < 1
                || logsConcurrent < 1 || logsRate < 1) {
            throw new IllegalArgumentException("quota settings must be positive (percent at most 100)");
        }
        if (vaultSliceCap(vaultLimit, vaultPercent, slices) < 1) {
            throw new IllegalArgumentException(VAULT_LIMIT + " x " + VAULT_BUDGET_PERCENT + " leaves less than one "
                    + "request per " + window.dividedBy(slices) + " slice: raise one of them");
        }
    }

    /** Requests to one vault in one slice, across all instances. */
    public int vaultSliceCap() {
        return vaultSliceCap(vaultLimit, vaultPercent, slices);
    }

    /** The stated budget: requests to one vault in any window-long interval, across all instances. */
    public int vaultBudget() {
        return vaultLimit * vaultPercent / 100;
    }

    /** Requests to the vaults of one subscription in one slice, across all instances. */
    public int subscriptionSliceCap() {
        return vaultSliceCap(SUBSCRIPTION_VAULTS * vaultLimit, vaultPercent, slices);
    }

    /** The stated budget of a subscription: requests to its vaults in any window-long interval. */
    public int subscriptionBudget() {
        return SUBSCRIPTION_VAULTS * vaultLimit * vaultPercent / 100;
    }

    private static int vaultSliceCap(int limit, int percent, int slices) {
        return limit * percent / 100 / (slices + 2);
    }

    public Duration slice() {
        return window.dividedBy(slices);
    }

    /** Log queries in one slice of {@link #logsSlice()}, across all instances. */
    public int logsSliceCap() {
        return Math.max(1, logsRate / (slices + 2));
    }

    public Duration logsSlice() {
        return logsWindow.dividedBy(slices);
    }

    /**
     * {@code CMKV_VAULT_LIMIT} (1 to 4,000) and {@code CMKV_VAULT_BUDGET_PERCENT} (1 to 50) from the
     * environment, and the identity from {@code AZURE_CLIENT_ID}; absent ones keep their default.
     *
     * @throws IllegalArgumentException naming the variable that is invalid
     */
    public static QuotaSettings fromEnvironment(Map<String, String> env) {
        int limit = number(env, VAULT_LIMIT, DEFAULTS.vaultLimit, 4_000);
        int percent = number(env, VAULT_BUDGET_PERCENT, DEFAULTS.vaultPercent, 50);
        String id = env.getOrDefault("AZURE_CLIENT_ID", "");
        return new QuotaSettings(limit, percent, DEFAULTS.window, DEFAULTS.slices, DEFAULTS.claimSize,
                DEFAULTS.logsConcurrent, DEFAULTS.logsRate, DEFAULTS.logsWindow, id.isBlank() ? "app" : id.trim());
    }

    private static int number(Map<String, String> env, String name, int fallback, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException(name + " '" + raw + "' must be a whole number from 1 to " + max);
    }
}
