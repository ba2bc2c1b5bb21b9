package com.cmkverifier.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Optional;
import java.util.function.Supplier;

/** Rotation readiness: {@code GET /api/keys/{vaultHost}/{keyName}/versions?since=P30D}. */
public final class KeyVersionFunctions {

    private final Supplier<AppContext> app;

    public KeyVersionFunctions() {
        this(AppContext::production);
    }

    KeyVersionFunctions(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("GetKeyVersions")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "keys/{vaultHost}/{keyName}/versions",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("vaultHost") String vaultHost, @BindingName("keyName") String keyName,
            ExecutionContext context) {
        return Http.answer(request, context, app, Role.READ, caller -> app.get().keyVersions().get(vaultHost, keyName,
                request.getQueryParameters().get("since")));
    }
}
