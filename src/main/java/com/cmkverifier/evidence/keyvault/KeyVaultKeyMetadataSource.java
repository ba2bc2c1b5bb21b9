package com.cmkverifier.evidence.keyvault;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Context;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.KeyVaultHosts;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.evidence.DaemonPool;
import com.cmkverifier.evidence.signin.AzureSignIn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.ObjIntConsumer;

/**
 * Key metadata read from Key Vault or Managed HSM with the Azure SDK: the latest version's details, every
 * version's properties and the pinned versions' details; not the rotation policy, which no rule reads and which
 * would add a quarter to the requests of a sweep. One {@link KeyClient} per vault
 * host, built on first use and reused. Hosts outside {@link KeyVaultHosts} are refused before any request, so
 * no token ever leaves for another host. Needs the Key Vault Reader role (RBAC vaults), keys Get and List
 * (access-policy vaults), or Managed HSM Crypto Auditor (Managed HSM).
 */
public final class KeyVaultKeyMetadataSource implements KeyMetadataSource {

    /** Context key the SDK's JDK HTTP client reads as the per-request response timeout. */
    private static final String RESPONSE_TIMEOUT = "azure-response-timeout";

    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final RetryOptions retry;
    private final Context context;
    private final int maxConcurrency;
    private final VaultEndpoints endpoints;
    private final Map<String, KeyClient> clients = new ConcurrentHashMap<>();
    /** Shared by every caller of this (per-process) source, so concurrent sweeps together stay within the bound. */
    private final Semaphore inFlight;
    /** Told how many requests each vault is about to get from a batch of lookups (the quota gate claims them at once). */
    private final ObjIntConsumer<String> expected;

    /**
     * @param requestTimeout  how long one request may take before it counts as failed (and is retried)
     * @param maxConcurrency  keys read at once by this source, across all its callers
     */
    public KeyVaultKeyMetadataSource(TokenCredential credential, HttpClient httpClient, RetryOptions retry,
                                     Duration requestTimeout, int maxConcurrency, VaultEndpoints endpoints) {
        this(credential, httpClient, retry, requestTimeout, maxConcurrency, endpoints, (vault, requests) -> { });
    }

    /**
     * @param expected told, before a batch of lookups, how many requests each vault is about to get: two per key
     *                 (the latest version, one page of versions), one per pinned version, one for a new client's
     *                 bearer challenge
     */
    public KeyVaultKeyMetadataSource(TokenCredential credential, HttpClient httpClient, RetryOptions retry,
                                     Duration requestTimeout, int maxConcurrency, VaultEndpoints endpoints,
                                     ObjIntConsumer<String> expected) {
        this.expected = expected;
        this.credential = credential;
        this.httpClient = httpClient;
        this.retry = retry;
        this.context = new Context(RESPONSE_TIMEOUT, requestTimeout);
        this.maxConcurrency = maxConcurrency;
        this.endpoints = endpoints;
        this.inFlight = new Semaphore(maxConcurrency);
    }

    @Override
    public KeyLookup lookup(KeyId key, Set<String> pinnedVersions) {
        String refusal = refusal(key, pinnedVersions);
        if (refusal != null) {
            return new KeyLookup.Unavailable(refusal);
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KeyLookup.Unavailable("lookup of " + key + " was interrupted");
        }
        try {
            return read(client(key.vaultHost()), key, pinnedVersions);
        } catch (ClientAuthenticationException e) {
            // No token (a subclass of HttpResponseException without a response): say why, and how to fix it.
            return new KeyLookup.Unavailable("Key Vault " + key.vaultName() + ": "
                    + AzureSignIn.describe(e, "https://" + key.vaultHost()));
        } catch (HttpResponseException e) {
            return unavailable(key, e.getResponse().getStatusCode(), e);
        } catch (RuntimeException e) {
            return new KeyLookup.Unavailable("Key Vault " + key.vaultName() + " could not be read for key "
                    + key.keyName() + " after retries: " + e.getClass().getSimpleName() + " " + e.getMessage());
        } finally {
            inFlight.release();
        }
    }

    /**
     * Looks up distinct keys concurrently, at most {@code maxConcurrency} at a time, so that one slow vault
     * does not hold up the others.
     */
    @Override
    public Map<KeyId, KeyLookup> lookupAll(Map<KeyId, Set<String>> keys) {
        if (keys.size() <= 1) {
            return KeyMetadataSource.super.lookupAll(keys);
        }
        Map<String, Integer> perVault = new LinkedHashMap<>();
        keys.forEach((k, pinned) -> perVault.merge(k.vaultHost(), 2 + pinned.size(), Integer::sum));
        // A vault's first request from this process is the SDK's unauthenticated bearer challenge.
        perVault.replaceAll((host, n) -> clients.containsKey(host) ? n : n + 1);
        perVault.forEach(expected::accept);
        ExecutorService pool = DaemonPool.of(Math.min(maxConcurrency, keys.size()), "key-vault-lookup");
        try {
            Map<KeyId, Future<KeyLookup>> pending = new LinkedHashMap<>();
            keys.forEach((k, pinned) -> pending.put(k, pool.submit(() -> lookup(k, pinned))));
            Map<KeyId, KeyLookup> out = new LinkedHashMap<>();
            pending.forEach((k, f) -> out.put(k, await(k, f)));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static KeyLookup await(KeyId key, Future<KeyLookup> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return new KeyLookup.Unavailable("lookup of " + key + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KeyLookup.Unavailable("lookup of " + key + " was interrupted");
        }
    }

    /** Why the key must not be requested at all, or null when it may be. */
    private static String refusal(KeyId key, Set<String> pinnedVersions) {
        try {
            // The strict key URL parse accepts exactly {vault}.{Key Vault or Managed HSM suffix} and valid names.
            KeyReference.parse(key.toString());
        } catch (IllegalArgumentException e) {
            return "refused to read " + key + ": " + e.getMessage();
        }
        for (String v : pinnedVersions) {
            if (!KeyReference.KEY_VERSION.matcher(v).matches()) {
                return "refused to read version '" + v + "' of key " + key.keyName() + ": not a 32-hex version";
            }
        }
        return null;
    }

    private KeyClient client(String vaultHost) {
        return clients.computeIfAbsent(vaultHost, host -> KeyClients.build(host, endpoints, credential, httpClient,
                retry));
    }

    private KeyLookup read(KeyClient client, KeyId key, Set<String> pinnedVersions) {
        KeyVaultKey latest;
        try {
            latest = client.getKeyWithResponse(key.keyName(), "", context).getValue();
        } catch (ResourceNotFoundException e) {
            return missing(client, key);
        }
        Map<String, KeyVersion> versions = new LinkedHashMap<>();
        for (KeyProperties p : client.listPropertiesOfKeyVersions(key.keyName(), context)) {
            versions.put(p.getVersion(), KeyBundles.version(p, null));
        }
        List<KeyVaultKey> detailed = new ArrayList<>();
        detailed.add(latest);
        for (String v : pinnedVersions) {
            if (!v.equalsIgnoreCase(latest.getProperties().getVersion())) {
                try {
                    detailed.add(client.getKeyWithResponse(key.keyName(), v, context).getValue());
                } catch (ResourceNotFoundException e) {
                    // A pinned version that does not exist is absent from the complete listing: KEY_NOT_FOUND.
                }
            }
        }
        for (KeyVaultKey k : detailed) {
            KeyVersion d = KeyBundles.version(k.getProperties(), k.getKey());
            versions.merge(d.version(), d, KeyVersion::mergedWith);
        }
        return new KeyLookup.Found(List.copyOf(versions.values()), true);
    }

    /** 404 on the key: soft-deleted when the vault still holds it as a deleted key, else gone. */
    private KeyLookup missing(KeyClient client, KeyId key) {
        try {
            DeletedKey d = client.getDeletedKeyWithResponse(key.keyName(), context).getValue();
            return new KeyLookup.Deleted(KeyBundles.instant(d.getDeletedOn()), "key " + key + " is soft-deleted"
                    + (d.getScheduledPurgeDate() == null ? "" : ", purged on " + d.getScheduledPurgeDate()));
        } catch (ClientAuthenticationException e) {
            throw e;
        } catch (HttpResponseException e) {
            // 404 (never existed or purged) or 403 (no keys ListDeleted permission): either way, not there.
            return new KeyLookup.NotFound("Key Vault " + key.vaultName() + " has no key " + key.keyName());
        }
    }

    private static KeyLookup unavailable(KeyId key, int status, HttpResponseException e) {
        if (status == 401 || status == 403) {
            return new KeyLookup.Unavailable(VaultRefusal.describe(key, status, e));
        }
        return new KeyLookup.Unavailable("Key Vault " + key.vaultName() + " answered HTTP " + status
                + " for key " + key.keyName() + " after retries");
    }
}
