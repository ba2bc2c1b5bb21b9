package com.cmkverifier.functions;

import com.cmkverifier.application.ApiAuthentication;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The one check every HTTP function makes before it does anything: who is calling, and may they call this
 * route (spec section 13). Entra mode trusts the platform's principal only while the platform's authentication
 * is on: otherwise anyone could send the header themselves, so every request is refused. Function-key mode
 * lets every holder of the key do everything and says so once per process, on its first request.
 */
final class Access {

    static final String KEY_HEADER = "x-functions-key";
    static final String KEY_MODE_CALLER = "function-key";

    private final ApiAuthentication authentication;
    private final AtomicBoolean announced = new AtomicBoolean();

    Access(ApiAuthentication authentication) {
        this.authentication = authentication;
    }

    /**
     * @param anyOf the roles that open this route, any one suffices
     * @throws ApiException 401 without a usable identity, 403 naming the role the caller lacks, 500 when the
     *                      identity cannot be trusted because the platform's authentication is off
     */
    Caller admit(HttpRequestMessage<?> request, Set<Role> anyOf, ExecutionContext context) {
        announce(context);
        if (authentication.mode() == ApiAuthentication.Mode.FUNCTION_KEY) {
            return keyHolder(request);
        }
        if (!authentication.platformAuth()) {
            throw Problem.authenticationOff("App Service Authentication is not on for this app ("
                    + ApiAuthentication.PLATFORM_AUTH + " is not true), so no caller's identity can be trusted and "
                    + "every request is refused: turn it on (infra/app/api.bicep), or set " + ApiAuthentication.MODE
                    + "=function-key");
        }
        Caller caller = ClientPrincipal.parse(header(request, ClientPrincipal.HEADER)).orElseThrow(() ->
                Problem.unauthenticated("sign in with Microsoft Entra ID: the request carries no principal with an"
                        + " object id"));
        if (caller.roles().stream().noneMatch(anyOf::contains)) {
            String detail = "this route needs the app role " + anyOf.stream().map(Role::value).sorted()
                    .collect(Collectors.joining(" or ")) + "; the caller " + caller.objectId() + " has "
                    + (caller.roles().isEmpty() ? "none" : caller.roles().stream().map(Role::value).sorted()
                    .collect(Collectors.joining(", ")));
            // A signed-in caller reaching past its role is worth a line: who tried what.
            context.getLogger().warning("refused " + context.getFunctionName() + ": " + detail);
            throw Problem.forbidden(anyOf.stream().map(Role::value).sorted().toList(), detail);
        }
        return caller;
    }

    private Caller keyHolder(HttpRequestMessage<?> request) {
        String sent = header(request, KEY_HEADER);
        if (sent == null && request.getQueryParameters() != null) {
            sent = request.getQueryParameters().get("code");
        }
        // Constant time: the comparison must not tell a caller how much of a guess was right.
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                authentication.functionKey().getBytes(StandardCharsets.UTF_8))) {
            throw Problem.unauthenticated("send the function key in the " + KEY_HEADER + " header");
        }
        return new Caller(KEY_MODE_CALLER, EnumSet.allOf(Role.class));
    }

    private void announce(ExecutionContext context) {
        if (announced.compareAndSet(false, true)) {
            if (authentication.mode() == ApiAuthentication.Mode.FUNCTION_KEY) {
                context.getLogger().warning(ApiAuthentication.MODE + "=function-key: every holder of the key may call"
                        + " every route, registry writes included; this mode cannot separate roles or tell callers apart");
            } else if (!authentication.platformAuth()) {
                context.getLogger().severe("App Service Authentication is off (" + ApiAuthentication.PLATFORM_AUTH
                        + "): every HTTP request is refused");
            }
        }
    }

    /** Header names are case-insensitive (RFC 9110), and the Functions worker does not promise one case. */
    private static String header(HttpRequestMessage<?> request, String name) {
        Map<String, String> headers = request.getHeaders();
        if (headers == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
                return h.getValue();
            }
        }
        return null;
    }
}
