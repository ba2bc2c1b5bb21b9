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

/** The rotation follow-ups of one key: {@code GET /api/keys/{vaultHost}/{keyName}/rotations}. */
public final class RotationFunctions {

    private final Supplier<AppContext> app;

    public RotationFunctions() {
        this(AppContext::production);
    }

    RotationFunctions(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("GetKeyRotations")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "keys/{vaultHost}/{keyName}/rotations",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("vaultHost") String vaultHost, @BindingName("keyName") String keyName,
            ExecutionContext context) {
        return Http.answer(request, context, app, Role.READ, caller -> RotationView.of(
                app.get().rotations().ofKey(KeyVersions.keyOf(vaultHost, keyName))));
    }
}
