package com.cmkverifier.evidence.keyvault;

import com.azure.core.exception.HttpResponseException;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyVaultHosts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * What a vault's 401/403 means, by the code the vault gave (spec section 14, "causes, not guesses"): its
 * firewall ({@code innererror.code} ForbiddenByFirewall, "Client address is not authorized and caller is not a
 * trusted service") is a network matter that no role fixes; anything else is a missing role or permission.
 */
final class VaultRefusal {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FIREWALL = "ForbiddenByFirewall";

    private VaultRefusal() {
    }

    /** Whether the vault's network rules or private endpoint refused the caller, which no role fixes. */
    static boolean isFirewall(HttpResponseException e) {
        JsonNode error = error(e);
        return error != null && FIREWALL.equals(error.path("innererror").path("code").asText());
    }

    static String describe(KeyId key, int status, HttpResponseException e) {
        JsonNode error = error(e);
        if (isFirewall(e)) {
            String said = error.path("message").asText("").lines().findFirst().orElse("").trim();
            return "Key Vault " + key.vaultName() + " refused the verifier's network address for key "
                    + key.keyName() + " (HTTP " + status + " " + FIREWALL + ": " + said + "): the vault's firewall"
                    + " or private endpoint blocks it, which no role fixes; run the verifier with VNet integration"
                    + " into a network that reaches the vault's private endpoint, or allow that network in the"
                    + " vault's network rules";
        }
        String role = KeyVaultHosts.isManagedHsmHost(key.vaultHost())
                ? "the Managed HSM Crypto Auditor local role"
                : "the Key Vault Reader role (RBAC vaults) or keys Get and List in an access policy";
        String code = error == null ? "" : " " + error.path("code").asText("");
        return "Key Vault " + key.vaultName() + " denied reading key " + key.keyName() + " (HTTP " + status + code
                + "): the verifier's identity needs " + role;
    }

    /** The {@code error} object of the body, which azure-core puts into the exception's message. */
    private static JsonNode error(HttpResponseException e) {
        String text = String.valueOf(e.getMessage());
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end < start) {
            return null;
        }
        try {
            JsonNode error = JSON.readTree(text.substring(start, end + 1)).get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException ex) {
            return null;
        }
    }
}
