package com.cmkverifier.evidence.signin;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens from Microsoft Entra sign-in: which scope each Azure service needs, a check that every needed token can
 * be had before any work starts, and one actionable sentence when it cannot (never an exception class name).
 */
public final class AzureSignIn {

    /** What {@code DefaultAzureCredential} tries, in its order. */
    static final String TRIED = "tried the AZURE_* environment variables, workload identity, a managed identity,"
            + " the Azure CLI, Azure PowerShell and the Azure Developer CLI";
    static final String FIX = "sign in with 'az login' (add --tenant <tenant id> when the vaults and workspaces"
            + " are in another tenant), or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or"
            + " AZURE_CLIENT_CERTIFICATE_PATH) for a service principal, or run where a managed identity is assigned"
            + " (AZURE_CLIENT_ID selects a user-assigned one)";
    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d+[^.\\r\\n]*");
    /** Tenant not found in this cloud; resource principal not found in the tenant. */
    private static final Pattern WRONG_CLOUD = Pattern.compile("AADSTS(90002|500011)\\b");

    private AzureSignIn() {
    }

    /** No token for a scope; the message says what was tried and how to fix it. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The scope of the Logs Query API at {@code endpoint}, as the Logs client asks for it. */
    public static String logsScope(URI endpoint) {
        return "https://" + endpoint.getHost().toLowerCase(Locale.ROOT) + "/.default";
    }

    /** The scope of a vault or Managed HSM: its host without the vault name ({@code https://vault.azure.net}). */
    public static String keyVaultScope(String vaultHost) {
        return "https://" + vaultHost.substring(vaultHost.indexOf('.') + 1).toLowerCase(Locale.ROOT) + "/.default";
    }

    /**
     * Obtains one token for each scope, so that a missing, expired or wrong-tenant sign-in stops the run before
     * any work, with one message.
     *
     * @throws Unavailable naming the first scope that failed
     */
    public static void require(TokenCredential credential, Collection<String> scopes) {
        for (String scope : scopes) {
            AccessToken token;
            try {
                token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
            } catch (RuntimeException e) {
                throw new Unavailable(describe(e, resource(scope)), e);
            }
            if (token == null) {
                throw new Unavailable("no Azure token for " + resource(scope) + ": " + TRIED + "; " + FIX, null);
            }
        }
    }

    /**
     * One sentence for a failure to get a token: none found, refused by Entra (with its AADSTS code: expired
     * secret, wrong tenant, ...), or the sign-in endpoint unreachable. Sources use it for failures mid-run.
     */
    public static String describe(RuntimeException e, String resource) {
        if (e instanceof CredentialUnavailableException) {
            return "no Azure sign-in found for " + resource + ": " + TRIED + "; " + FIX;
        }
        if (unreachable(e)) {
            return "the Azure sign-in endpoint could not be reached for " + resource + " (" + firstLine(e) + "); check"
                    + " the network, a proxy (HTTPS_PROXY) and AZURE_AUTHORITY_HOST; " + FIX;
        }
        String code = aadsts(e);
        if (code != null && WRONG_CLOUD.matcher(code).lookingAt()) {
            // Entra of one cloud does not know another cloud's tenants (90002) or resources (500011).
            return "Azure sign-in refused a token for " + resource + " (" + code + "): the sign-in went to another"
                    + " Azure cloud than the tenant's or the resource's; the vault hosts decide the cloud, so check"
                    + " AZURE_AUTHORITY_HOST, AZURE_TENANT_ID and that the key URLs, CMKV_LOGS_ENDPOINT and"
                    + " CMKV_ARM_ENDPOINT are all of the tenant's cloud";
        }
        if (code != null || e instanceof ClientAuthenticationException) {
            String why = code != null ? code : firstLine(e);
            return "Azure sign-in refused a token for " + resource + " (" + why + "): an expired secret or"
                    + " certificate, or the wrong tenant; " + FIX;
        }
        return "no Azure token for " + resource + " (" + firstLine(e) + "); " + FIX;
    }

    /** The first "AADSTSnnnn: text" in the exception's chain, whatever wraps it (MSAL's, an ExecutionException). */
    private static String aadsts(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = AADSTS.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return m.group().trim();
            }
        }
        return null;
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().lines().findFirst().orElse("").trim();
            }
        }
        return "no detail given";
    }

    private static String resource(String scope) {
        return scope.substring(0, scope.length() - "/.default".length());
    }
}
