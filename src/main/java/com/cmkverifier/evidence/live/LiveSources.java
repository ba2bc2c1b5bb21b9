package com.cmkverifier.evidence.live;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.cmkverifier.evidence.cloud.AzureCloud;
import com.cmkverifier.evidence.keyvault.KeyVaultKeyMetadataSource;
import com.cmkverifier.evidence.keyvault.KeyVaultVersionSwitch;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSource;
import com.cmkverifier.evidence.signin.AzureSignIn;

import com.cmkverifier.state.MemoryQuotaStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * The live evidence sources, built once from one credential and one HTTP client and reused for every
 * verification: Key Vault for key metadata, Log Analytics for audit activity. Both are thread-safe.
 */
public final class LiveSources {

    /** Back-off never waits longer than this between retries unless the service's Retry-After says so. */
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    /** A query's slot outlives its timeout by this much before another instance may take it. */
    private static final Duration QUERY_SLOT_MARGIN = Duration.ofSeconds(30);

    private final KeyVaultKeyMetadataSource keyMetadata;
    private final LogAnalyticsAuditLogSource auditLogs;
    private final TokenCredential credential;
    private final LiveSettings settings;
    /** Only {@code cmkv probe} writes to Key Vault; its switch is built on demand from the same parts. */
    private final Supplier<KeyVaultVersionSwitch> versionSwitch;

    private LiveSources(KeyVaultKeyMetadataSource keyMetadata, LogAnalyticsAuditLogSource auditLogs,
                        TokenCredential credential, LiveSettings settings,
                        Supplier<KeyVaultVersionSwitch> versionSwitch) {
        this.keyMetadata = keyMetadata;
        this.auditLogs = auditLogs;
        this.credential = credential;
        this.settings = settings;
        this.versionSwitch = versionSwitch;
    }

    /**
     * {@code DefaultAzureCredential} (a managed identity in Azure, {@code AZURE_CLIENT_ID} selecting a user-assigned
     * one; the developer's Azure CLI login elsewhere) signing in at {@code cloud}'s authority: without it, a China or
     * US Government identity would sign in to the public cloud and be refused (AADSTS90002, AADSTS500011).
     */
    public static TokenCredential defaultCredential(AzureCloud cloud) {
        return new DefaultAzureCredentialBuilder().authorityHost(cloud.authorityHost()).build();
    }

    /**
     * Obtains a token for Log Analytics (when {@code logs}) and for the service of each vault host, before any
     * work, so that a missing or refused sign-in stops the run with one message.
     *
     * @throws AzureSignIn.Unavailable saying what was tried and how to fix it
     */
    public void requireSignIn(Collection<String> vaultHosts, boolean logs) {
        Set<String> scopes = new LinkedHashSet<>();
        if (logs) {
            scopes.add(AzureSignIn.logsScope(settings.logsEndpoint()));
        }
        vaultHosts.forEach(h -> scopes.add(AzureSignIn.keyVaultScope(h)));
        AzureSignIn.require(credential, scopes);
    }

    /**
     * Production: {@code DefaultAzureCredential} (a managed identity in Azure; {@code AZURE_CLIENT_ID} selects
     * a user-assigned one; the developer's Azure CLI login elsewhere) and the JDK HTTP client.
     */
    public static LiveSources create(LiveSettings settings) {
        return create(settings, defaultCredential(settings.cloud()));
    }

    /**
     * Production with another credential (the CLI's tests give one that finds nothing), in one process: the
     * quotas are counted in memory ({@link MemoryQuotaStore}), with the fractions of {@link QuotaSettings}.
     */
    public static LiveSources create(LiveSettings settings, TokenCredential credential) {
        return create(settings, credential, processGate());
    }

    /** Production in one process, behind {@code gate} (which the process's Resource Graph client may share). */
    public static LiveSources create(LiveSettings settings, TokenCredential credential, QuotaGate gate) {
        return create(settings, credential, new JdkHttpClientBuilder().build(), VaultEndpoints.DIRECT, gate);
    }

    /** The quotas of one process (the CLI's), counted in memory with the fractions of {@link QuotaSettings}. */
    public static QuotaGate processGate() {
        return new QuotaGate(new MemoryQuotaStore(), QuotaSettings.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    /**
     * Sources whose every request, retries included, waits for {@code gate}: the vault's budget, the identity's
     * query slots and rate, and any Retry-After the services sent to any instance sharing the gate's store.
     */
    public static LiveSources create(LiveSettings settings, TokenCredential credential, HttpClient httpClient,
                                     VaultEndpoints vaultEndpoints, QuotaGate gate) {
        return create(settings, credential, ThrottledHttpClient.wrap(httpClient, gate, vaultEndpoints,
                settings.logsEndpoint(), settings.queryTimeout().plus(QUERY_SLOT_MARGIN)), vaultEndpoints,
                gate::expectVault);
    }

    /**
     * @param vaultEndpoints {@link VaultEndpoints#DIRECT} except in wire-level tests or behind private endpoints
     */
    public static LiveSources create(LiveSettings settings, TokenCredential credential, HttpClient httpClient,
                                     VaultEndpoints vaultEndpoints) {
        return create(settings, credential, httpClient, vaultEndpoints, (vault, requests) -> { });
    }

    private static LiveSources create(LiveSettings settings, TokenCredential credential, HttpClient httpClient,
                                      VaultEndpoints vaultEndpoints, ObjIntConsumer<String> expectedPerVault) {
        RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(settings.maxRetries())
                .setBaseDelay(settings.retryDelay()).setMaxDelay(maxRetryDelay(settings)));
        return new LiveSources(
                new KeyVaultKeyMetadataSource(credential, httpClient, retry, settings.keyVaultTimeout(),
                        settings.maxConcurrency(), vaultEndpoints, expectedPerVault),
                new LogAnalyticsAuditLogSource(credential, httpClient, retry, settings.logsEndpoint(),
                        settings.queryTimeout(), settings.batchSize()), credential, settings,
                () -> new KeyVaultVersionSwitch(credential, httpClient, retry, settings.keyVaultTimeout(),
                        vaultEndpoints));
    }

    /** The longest back-off between two tries when the service names no Retry-After: what execution budgets count. */
    public static Duration maxRetryDelay(LiveSettings settings) {
        return settings.retryDelay().compareTo(MAX_RETRY_DELAY) > 0 ? settings.retryDelay() : MAX_RETRY_DELAY;
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
