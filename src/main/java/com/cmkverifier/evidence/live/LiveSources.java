package com.cmkverifier.evidence.live;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.cmkverifier.evidence.keyvault.KeyVaultKeyMetadataSource;
import com.cmkverifier.evidence.keyvault.KeyVaultVersionSwitch;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSource;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The live evidence sources, built once from one credential and one HTTP client and reused for every
 * verification: Key Vault for key metadata, Log Analytics for audit activity. Both are thread-safe.
 */
public final class LiveSources {

    /** Back-off never waits longer than this between retries unless the service's Retry-After says so. */
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    private final KeyVaultKeyMetadataSource keyMetadata;
    private final LogAnalyticsAuditLogSource auditLogs;
    /** Only {@code cmkv probe} writes to Key Vault; its switch is built on demand from the same parts. */
    private final Supplier<KeyVaultVersionSwitch> versionSwitch;

    private LiveSources(KeyVaultKeyMetadataSource keyMetadata, LogAnalyticsAuditLogSource auditLogs,
                        Supplier<KeyVaultVersionSwitch> versionSwitch) {
        this.keyMetadata = keyMetadata;
        this.auditLogs = auditLogs;
        this.versionSwitch = versionSwitch;
    }

    /**
     * Production: {@code DefaultAzureCredential} (a managed identity in Azure; {@code AZURE_CLIENT_ID} selects
     * a user-assigned one; the developer's Azure CLI login elsewhere) and the JDK HTTP client.
     */
    public static LiveSources create(LiveSettings settings) {
        return create(settings, new DefaultAzureCredentialBuilder().build(), new JdkHttpClientBuilder().build(),
                VaultEndpoints.DIRECT);
    }

    /**
     * @param vaultEndpoints {@link VaultEndpoints#DIRECT} except in wire-level tests or behind private endpoints
     */
    public static LiveSources create(LiveSettings settings, TokenCredential credential, HttpClient httpClient,
                                     VaultEndpoints vaultEndpoints) {
        Duration maxDelay = settings.retryDelay().compareTo(MAX_RETRY_DELAY) > 0 ? settings.retryDelay() : MAX_RETRY_DELAY;
        RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(settings.maxRetries())
                .setBaseDelay(settings.retryDelay()).setMaxDelay(maxDelay));
        return new LiveSources(
                new KeyVaultKeyMetadataSource(credential, httpClient, retry, settings.keyVaultTimeout(),
                        settings.maxConcurrency(), vaultEndpoints),
                new LogAnalyticsAuditLogSource(credential, httpClient, retry, settings.logsEndpoint(),
                        settings.queryTimeout(), settings.batchSize()),
                () -> new KeyVaultVersionSwitch(credential, httpClient, retry, settings.keyVaultTimeout(),
                        vaultEndpoints));
    }

    public KeyVaultKeyMetadataSource keyMetadata() {
        return keyMetadata;
    }

    public LogAnalyticsAuditLogSource auditLogs() {
        return auditLogs;
    }

    /**
     * A new writer of key versions' enabled state, for {@code cmkv probe} with the person's own credential; the
     * Functions app never calls it and holds no role that could.
     */
    public KeyVaultVersionSwitch versionSwitch() {
        return versionSwitch.get();
    }
}
