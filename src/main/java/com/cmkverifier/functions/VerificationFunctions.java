package com.cmkverifier.functions;

import com.cmkverifier.application.Verifications;
import com.cmkverifier.state.Run;
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

/** {@code POST /api/verifications} and {@code GET /api/verifications/{id}}. */
public final class VerificationFunctions {

    private final Supplier<AppContext> app;

    public VerificationFunctions() {
        this(AppContext::production);
    }

    VerificationFunctions(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("StartVerification")
    public HttpResponseMessage start(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "verifications",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Http.answer(request, context, app, Role.RUN, caller -> {
            Verifications verifications = app.get().verifications();
            Run run = verifications.start(RequestBody.object(request.getBody()));
            return RunView.of(run, verifications.pollAfter(run), StatusLink.of(request));
        });
    }

    @FunctionName("GetVerification")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "verifications/{id}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return Http.answer(request, context, app, Role.RUN_OR_READ, caller -> {
            Verifications verifications = app.get().verifications();
            Run run = verifications.status(id);
            return RunView.of(run, verifications.pollAfter(run), StatusLink.of(request));
        });
    }
}
