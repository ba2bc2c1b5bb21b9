package com.cmkverifier.evidence.keyvault;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Context;
import com.azure.core.util.SharedExecutorService;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.probe.KeyVersionSwitch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe's one write: {@code PATCH /keys/{name}/{version}} with {@code attributes.enabled} through
 * {@link KeyClient#updateKeyPropertiesWithResponse}. Needs Key Vault Crypto Officer (or a custom role with
 * {@code Microsoft.KeyVault/vaults/keys/write}) on the vault, held by the person running {@code cmkv probe}.
 * Hosts outside Key Vault and Managed HSM are refused before any request, so no token leaves for another host.
 */
public final class KeyVaultVersionSwitch implements KeyVersionSwitch {

    private static final String RESPONSE_TIMEOUT = "azure-response-timeout";
    private static final AtomicBoolean SHARED_EXECUTOR_SET = new AtomicBoolean();
    private static final int SHARED_THREADS = 256;

    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final RetryOptions retry;
    private final Context context;
    private final VaultEndpoints endpoints;
    private final Map<String, KeyClient> clients = new ConcurrentHashMap<>();

    public KeyVaultVersionSwitch(TokenCredential credential, HttpClient httpClient, RetryOptions retry,
                                 Duration requestTimeout, VaultEndpoints endpoints) {
        this.credential = credential;
        this.httpClient = httpClient;
        this.retry = retry;
        this.context = new Context(RESPONSE_TIMEOUT, requestTimeout);
        this.endpoints = endpoints;
    }

    /**
     * Gives the SDK's shared executor to threads of this process, so that a shutdown hook can still call Key
     * Vault: azure-core's own executor is shut down by azure-core's own hook, which races the probe's re-enable,
     * and cannot be recreated once shutdown has begun ("Shutdown in progress"). Daemon threads: the process
     * still ends normally.
     */
    public static void keepUsableDuringShutdown() {
        if (!SHARED_EXECUTOR_SET.compareAndSet(false, true)) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        // The JDK HTTP client blocks one of these threads per response read: size it like azure-core's own
        // (threads on demand, idle ones expire) so that concurrent reads never queue behind each other.
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(SHARED_THREADS, r -> {
            Thread t = new Thread(r, "cmkv-sdk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setKeepAliveTime(60, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        SharedExecutorService.getInstance().setExecutorService(pool);
    }

    @Override
    public VersionState read(KeyId key, String version) {
        KeyProperties p = properties(key, version);
        return new VersionState(p.getVersion(), !Boolean.FALSE.equals(p.isEnabled()));
    }

    @Override
    public void setEnabled(KeyId key, String version, boolean enabled) {
        if (version == null) {
            throw new IllegalArgumentException("refusing to change key " + key + " without a version");
        }
        KeyProperties p = properties(key, version);
        p.setEnabled(enabled);
        try {
            client(key).updateKeyPropertiesWithResponse(p, context);
        } catch (HttpResponseException e) {
            throw failure("updating", key, e);
        }
    }

    private KeyProperties properties(KeyId key, String version) {
        KeyReference.parse(key + (version == null ? "" : "/" + version));
        try {
            return client(key).getKeyWithResponse(key.keyName(), version == null ? "" : version, context).getValue()
                    .getProperties();
        } catch (HttpResponseException e) {
            throw failure("reading", key, e);
        }
    }

    private KeyClient client(KeyId key) {
        return clients.computeIfAbsent(key.vaultHost(), h -> KeyClients.build(h, endpoints, credential, httpClient,
                retry));
    }

    private static IllegalStateException failure(String doing, KeyId key, HttpResponseException e) {
        int status = e.getResponse().getStatusCode();
        String why = status == 401 || status == 403
                ? ": denied; updating needs Key Vault Crypto Officer (or Microsoft.KeyVault/vaults/keys/write) on the"
                + " vault, reading at least Key Vault Reader"
                : " after retries";
        return new IllegalStateException(doing + " key " + key + " failed with HTTP " + status + why, e);
    }
}
