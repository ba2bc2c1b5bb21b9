package com.cmkverifier.testing.signin;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.WireServer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cloud's Microsoft Entra token endpoint ({@code POST /{tenant}/oauth2/v2.0/token}, client credentials) on a
 * local HTTPS server, for real azure-identity credentials. It knows one tenant, one application with its secret,
 * and the resource hosts of its cloud, and refuses like Entra does, with Entra's error body ({@code error},
 * {@code error_description} starting with the AADSTS code, {@code error_codes}, {@code error_uri}):
 * <ul>
 *   <li>a wrong secret: 401 {@code invalid_client} AADSTS7000215 (the body quoted in Microsoft's AKS
 *       troubleshooting article on invalid client secrets, {@code HTTPReturnCode:401});</li>
 *   <li>a tenant this cloud does not know, e.g. a China or US Government tenant at the public cloud's authority:
 *       400 {@code invalid_request} AADSTS90002 "Tenant '...' not found. Check to make sure you have the correct
 *       tenant ID and are signing into the correct cloud." (as quoted in Azure SDK troubleshooting guides);</li>
 *   <li>a scope of another cloud's resource ({@code https://vault.azure.cn}): 400 {@code invalid_resource}
 *       AADSTS500011 "The resource principal named ... was not found in the tenant named ...".</li>
 * </ul>
 */
public final class FakeEntra implements AutoCloseable {

    /** The tenant that FakeKeyVault's bearer challenge names, as a vault names its own tenant. */
    public static final String TENANT = "00000000-0000-0000-0000-000000000001";
    public static final String CLIENT_ID = "00000000-0000-0000-0000-0000000000a1";
    public static final String SECRET = "the-right-secret";
    /**
     * The public cloud's resources, by host suffix: a scope's host must end in one. {@code localhost} stands for
     * the local fakes of this cloud's services (Logs API, Resource Manager) that tests reach by their own URL.
     */
    private static final List<String> PUBLIC_RESOURCES = List.of("localhost", "vault.azure.net", "managedhsm.azure.net",
            "api.loganalytics.azure.com", "api.loganalytics.io", "management.azure.com", "management.core.windows.net",
            "storage.azure.com");
    private static final Pattern PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");

    private final WireServer server = WireServer.start(this::answer);

    /** The authority host to give a credential ({@code AZURE_AUTHORITY_HOST}). */
    public String authorityHost() {
        return server.baseUrl();
    }

    public WireServer server() {
        return server;
    }

    /** Tokens handed out. */
    public long tokensIssued() {
        // The form's field itself, not a substring of the body: a longer wrong secret must not count.
        return server.count(r -> PATH.matcher(r.path()).matches() && SECRET.equals(form(r.body()).get("client_secret")));
    }

    /** A service principal of {@code tenant} with {@code secret}, signing in here, as EnvironmentCredential would. */
    public TokenCredential credential(String tenant, String secret) {
        return new ClientSecretCredentialBuilder().tenantId(tenant).clientId(CLIENT_ID).clientSecret(secret)
                .authorityHost(authorityHost()).disableInstanceDiscovery().httpClient(WireServer.trustingClient())
                .build();
    }

    private Reply answer(Received r) {
        Matcher m = PATH.matcher(r.path());
        if (!r.method().equals("POST") || !m.matches()) {
            return Reply.json(404, "{}");
        }
        Map<String, String> form = form(r.body());
        String tenant = m.group(1);
        if (!tenant.equals(TENANT)) {
            return refusal(400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure you"
                    + " have the correct tenant ID and are signing into the correct cloud. Check with your subscription"
                    + " administrator, this may happen if there are no active subscriptions for the tenant.");
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !SECRET.equals(form.get("client_secret"))) {
            return refusal(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being"
                    + " sent in the request is the client secret value, not the client secret ID, for a secret added"
                    + " to app '" + form.get("client_id") + "'.");
        }
        // MSAL adds "openid profile offline_access" to the resource's "/.default" scope.
        String scope = List.of(form.getOrDefault("scope", "").split(" ")).stream()
                .filter(s -> s.endsWith("/.default")).findFirst().orElse("");
        String resource = scope.replaceFirst("/\\.default$", "");
        String host = resource.replaceFirst("^https://", "").replaceFirst("[:/].*$", "");
        if (PUBLIC_RESOURCES.stream().noneMatch(s -> host.equals(s) || host.endsWith("." + s))) {
            return refusal(400, "invalid_resource", 500011, "The resource principal named " + resource + " was not"
                    + " found in the tenant named Contoso. This can happen if the application has not been installed by"
                    + " the administrator of the tenant or consented to by any user in the tenant. You might have sent"
                    + " your authentication request to the wrong tenant.");
        }
        return Reply.json(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                + "\"access_token\":\"fake-entra-token-" + UUID.randomUUID() + "\"}");
    }

    private static Reply refusal(int status, String error, int code, String text) {
        String trace = UUID.randomUUID().toString();
        return Reply.json(status, "{\"error\":\"" + error + "\",\"error_description\":\"AADSTS" + code + ": " + text
                + "\\r\\nTrace ID: " + trace + "\\r\\nCorrelation ID: " + trace + "\\r\\nTimestamp: 2026-12-07 00:00:00Z\","
                + "\"error_codes\":[" + code + "],\"timestamp\":\"2026-12-07 00:00:00Z\",\"trace_id\":\"" + trace
                + "\",\"correlation_id\":\"" + trace + "\",\"error_uri\":\"https://login.microsoftonline.com/error?code="
                + code + "\"}");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
