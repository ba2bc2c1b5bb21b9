package com.cmkverifier.testing.wire;

import com.cmkverifier.core.model.KeyVersion;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Key Vault's transaction limits, for {@link FakeKeyVault#enforce}. Per vault and region, "all other
 * transactions" (everything but CREATE) in 10 seconds: RSA 2,048-bit and ECC keys 4,000 (software) or 2,000
 * (HSM), RSA 3,072-bit 1,000 or 500, RSA 4,096-bit 500 or 250; "the throttling thresholds are weighted, and
 * enforcement is on their sum", so one request costs {@code 4,000 / its row's limit} units of a 4,000-unit
 * budget (learn.microsoft.com/azure/key-vault/general/service-limits, "Key transactions" and its notes); a
 * subscription's ceiling is five times a vault's ("A subscription-wide limit for all transaction types is five
 * times per key vault limit", learn.microsoft.com/azure/key-vault/general/overview-throttling). Refused requests get 429 with Retry-After and the body Key
 * Vault sends, {@code {"error":{"code":"Throttled","message":"Request was not processed because too many
 * requests were received. Reason: VaultRequestTypeLimitReached"}}} (the wording users report from the service,
 * e.g. in public issue threads about Key Vault signing bursts; Microsoft documents the 429 and Retry-After in
 * learn.microsoft.com/azure/key-vault/general/overview-throttling, not the body).
 */
public final class KeyVaultLimits {

    /** The units of a vault's budget: the RSA 2,048-bit software row's limit. */
    public static final int VAULT_UNITS = 4_000;
    public static final Duration WINDOW = Duration.ofSeconds(10);

    private final WindowQuota vaults;
    private final WindowQuota subscriptions;
    private final Function<String, String> subscriptionOfVault;

    /**
     * @param vaultUnits          units per vault and window ({@link #VAULT_UNITS} as in Azure; tests shrink it)
     * @param subscriptionOfVault the subscription a vault host belongs to
     */
    public KeyVaultLimits(int vaultUnits, Duration window, Clock clock, Function<String, String> subscriptionOfVault) {
        this.vaults = new WindowQuota(vaultUnits, window, clock);
        this.subscriptions = new WindowQuota(5 * vaultUnits, window, clock);
        this.subscriptionOfVault = subscriptionOfVault;
    }

    /** Azure's limits on the real clock. */
    public static KeyVaultLimits azure(Function<String, String> subscriptionOfVault) {
        return new KeyVaultLimits(VAULT_UNITS, WINDOW, Clock.systemUTC(), subscriptionOfVault);
    }

    /** The units one request on a key of this kind costs ({@code null}: no such key, the cheapest row). */
    public static int weight(KeyVersion key) {
        if (key == null) {
            return 1;
        }
        boolean hsm = key.keyType() != null && key.keyType().endsWith("-HSM");
        int software = key.keyType() != null && key.keyType().startsWith("RSA")
                ? (key.keySizeBits() >= 4096 ? 500 : key.keySizeBits() >= 3072 ? 1_000 : 4_000) : 4_000;
        return VAULT_UNITS / (hsm ? software / 2 : software);
    }

    /** Null when the request may be served, else the 429 to answer; counts it against vault and subscription. */
    public synchronized Reply admit(String vaultHost, int weight) {
        String subscription = subscriptionOfVault.apply(vaultHost);
        Duration wait = vaults.waitFor(vaultHost, weight);
        if (wait != null) {
            vaults.refuse();
        } else if ((wait = subscriptions.waitFor(subscription, weight)) != null) {
            subscriptions.refuse();
        } else {
            vaults.record(vaultHost, weight);
            subscriptions.record(subscription, weight);
        }
        return wait == null ? null : Reply.error(429, "Throttled", "Request was not processed because too many"
                + " requests were received. Reason: VaultRequestTypeLimitReached")
                .withHeader("Retry-After", String.valueOf(wait.toSeconds()));
    }

    public WindowQuota vaults() {
        return vaults;
    }

    public WindowQuota subscriptions() {
        return subscriptions;
    }

    /** Requests refused, by vault or subscription limit. */
    public long refused() {
        return vaults.refused() + subscriptions.refused();
    }
}
