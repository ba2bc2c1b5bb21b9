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

/** The registry API: {@code /api/resources} and {@code /api/resources/{name}}. */
public final class ResourceFunctions {

    private final Supplier<AppContext> app;

    public ResourceFunctions() {
        this(AppContext::production);
    }

    ResourceFunctions(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("ListResources")
    public HttpResponseMessage list(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "resources",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Http.answer(request, context, () -> app.get().resources().list());
    }

    @FunctionName("GetResource")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "resources/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Http.answer(request, context, () -> app.get().resources().get(name));
    }

    @FunctionName("PutResource")
    public HttpResponseMessage put(
            @HttpTrigger(name = "req", methods = {HttpMethod.PUT}, route = "resources/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Http.answer(request, context, () -> app.get().resources().put(name, request.getBody()));
    }

    @FunctionName("DeleteResource")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "resources/{name}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Http.answer(request, context, () -> app.get().resources().delete(name));
    }
}
