package com.cmkverifier.functions;

import com.cmkverifier.application.Resources;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.registry.RegistryReader;
import com.cmkverifier.state.RegistryChange;
import com.cmkverifier.state.RegistryStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The registry API: {@code /api/resources} and {@code /api/resources/{name}}. */
public final class ResourceFunctions {

    static final String PATH = "/api/resources/";

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
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Http.answer(request, context, app, Role.READ, caller -> {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            ArrayNode list = o.putArray("resources");
            app.get().resources().list().forEach(e -> list.add(json(e.resource(), e.changed())));
            return ApiResponse.json(200, o);
        });
    }

    @FunctionName("GetResource")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "resources/{name}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Http.answer(request, context, app, Role.READ, caller -> {
            RegistryStore.Entry e = app.get().resources().get(name);
            return ApiResponse.json(200, json(e.resource(), e.changed()));
        });
    }

    @FunctionName("PutResource")
    public HttpResponseMessage put(
            @HttpTrigger(name = "req", methods = {HttpMethod.PUT}, route = "resources/{name}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Http.answer(request, context, app, Role.WRITE, caller -> {
            Resources.Stored stored = app.get().resources().put(name, RequestBody.object(request.getBody()),
                    caller.objectId());
            context.getLogger().info("registry: '" + stored.resource().name() + "' "
                    + (stored.created() ? "created " : "replaced ") + stored.change());
            ApiResponse answer = ApiResponse.json(stored.created() ? 201 : 200, json(stored.resource(), stored.change()));
            return stored.created() ? answer.with("Location", PATH + stored.resource().name()) : answer;
        });
    }

    @FunctionName("DeleteResource")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "resources/{name}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name, ExecutionContext context) {
        return Http.answer(request, context, app, Role.WRITE, caller -> {
            RegistryChange change = app.get().resources().delete(name, caller.objectId());
            context.getLogger().info("registry: '" + name + "' deleted " + change);
            return new ApiResponse(204, Map.of(), null);
        });
    }

    /** The entry as registry files write it, with who last wrote it when that is known. */
    private static ObjectNode json(ProtectedResource r, RegistryChange change) {
        ObjectNode o = RegistryReader.toJson(r);
        if (change != null) {
            o.putObject(Resources.CHANGED).put("by", change.by()).put("at", change.at().toString());
        }
        return o;
    }
}
