package com.cmkverifier.functions;

import com.cmkverifier.application.Discoveries;
import com.cmkverifier.state.DiscoveryRun;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The discovery timer ({@code %DISCOVERY_SCHEDULE%}, UTC, an hour before the sweep by default), and
 * {@code POST /api/discoveries}, {@code GET /api/discoveries/{id}} and {@code /latest}.
 */
public final class DiscoveryFunctions {

    private final Supplier<AppContext> app;

    public DiscoveryFunctions() {
        this(AppContext::production);
    }

    DiscoveryFunctions(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("Discover")
    public void discover(@TimerTrigger(name = "timer", schedule = "%DISCOVERY_SCHEDULE%") String timerInfo,
                         ExecutionContext context) {
        context.getLogger().info("discovery " + app.get().discoveries().scheduled().id() + " queued");
    }

    @FunctionName("StartDiscovery")
    public HttpResponseMessage start(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "discoveries",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return answer(request, context, Role.WRITE, d -> d.start(RequestBody.object(request.getBody())));
    }

    @FunctionName("GetLatestDiscovery")
    public HttpResponseMessage latest(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "discoveries/latest",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return answer(request, context, Role.READ, Discoveries::latest);
    }

    @FunctionName("GetDiscovery")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "discoveries/{id}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return answer(request, context, Role.READ, d -> d.status(id));
    }

    private HttpResponseMessage answer(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                       Set<Role> anyOf, Function<Discoveries, DiscoveryRun> call) {
        return Http.answer(request, context, app, anyOf, caller -> {
            Discoveries discoveries = app.get().discoveries();
            return DiscoveryView.of(call.apply(discoveries), discoveries.pollAfter(), StatusLink.of(request));
        });
    }
}
