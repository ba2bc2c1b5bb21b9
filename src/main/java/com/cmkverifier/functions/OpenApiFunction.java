package com.cmkverifier.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /api/openapi.json}: the API description for a Logic Apps custom connector. */
public final class OpenApiFunction {

    private final Supplier<AppContext> app;

    public OpenApiFunction() {
        this(AppContext::production);
    }

    OpenApiFunction(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("GetOpenApi")
    public HttpResponseMessage document(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "openapi.json",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Http.answer(request, context, app, Role.READ, caller -> app.get().openApi().document(request.getUri().getAuthority()));
    }
}
