package com.cmkverifier.evidence.keyvault;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;

/** Builds the SDK's {@link KeyClient} for one vault host, the same way for reading and for the probe's writes. */
final class KeyClients {

    private KeyClients() {
    }

    static KeyClient build(String vaultHost, VaultEndpoints endpoints, TokenCredential credential,
                           HttpClient httpClient, RetryOptions retry) {
        KeyClientBuilder b = new KeyClientBuilder().vaultUrl(endpoints.urlFor(vaultHost)).credential(credential)
                .httpClient(httpClient).retryOptions(retry);
        if (endpoints.isOverridden(vaultHost)) {
            b.disableChallengeResourceVerification();
        }
        return b.buildClient();
    }
}
