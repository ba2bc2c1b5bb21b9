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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe's writes: {@code PATCH /keys/{name}/{version}} with {@code attributes.enabled} or {@code tags} through
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
        return state(properties(key, version));
    }

    /** A read-back without {@code enabled} is not taken for enabled: only {@code true} is. */
    private static VersionState state(KeyProperties p) {
        return new VersionState(p.getVersion(), Boolean.TRUE.equals(p.isEnabled()),
                p.getUpdatedOn() == null ? null : p.getUpdatedOn().toInstant(), p.getTags());
    }

    @Override
    public Instant setEnabled(KeyId key, String version, boolean enabled) {
        KeyProperties p = properties(key, requireVersion(key, version));
        p.setEnabled(enabled);
        return state(update(key, p)).updated();
    }

    /**
     * {@code PATCH /keys/{name}/{version}} with {@code tags}: the whole map is replaced, so the caller passes the
     * version's other tags along (REST "Update Key").
     */
    @Override
    public void setTags(KeyId key, String version, Map<String, String> tags) {
        KeyProperties p = properties(key, requireVersion(key, version));
        p.setTags(new java.util.HashMap<>(tags));
        // Without enabled: a tag write never carries back a state read a moment ago over a change made since.
        p.setEnabled(null);
        update(key, p);
    }

    @Override
    public List<VersionState> versions(KeyId key) {
        List<VersionState> out = new ArrayList<>();
        try {
            client(key).listPropertiesOfKeyVersions(key.keyName(), context).forEach(p -> out.add(state(p)));
        } catch (HttpResponseException e) {
            throw failure("listing the versions of", key, e);
        }
        return out;
    }

    private static String requireVersion(KeyId key, String version) {
        if (version == null) {
            throw new IllegalArgumentException("refusing to change key " + key + " without a version");
        }
        return version;
    }

    private KeyProperties update(KeyId key, KeyProperties p) {
        try {
            return client(key).updateKeyPropertiesWithResponse(p, context).getValue().getProperties();
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
        if (status == 403 && VaultRefusal.isFirewall(e)) {
            return new IllegalStateException(doing + " key " + key + " failed: " + VaultRefusal.describe(key, status, e),
                    e);
        }
        String why = status == 401 || status == 403
                ? ": denied; updating needs Key Vault Crypto Officer (or Microsoft.KeyVault/vaults/keys/write) on the"
                + " vault, reading at least Key Vault Reader"
                : " after retries";
        return new IllegalStateException(doing + " key " + key + " failed with HTTP " + status + why, e);
    }
}
