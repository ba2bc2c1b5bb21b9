package com.cmkverifier.functions;

import com.cmkverifier.state.Sweep;
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
import java.util.function.Supplier;

/** The nightly sweep timer ({@code %SWEEP_SCHEDULE%}, UTC) and {@code /api/sweeps/...}. */
public final class SweepFunctions {

    private final Supplier<AppContext> app;

    public SweepFunctions() {
        this(AppContext::production);
    }

    SweepFunctions(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("Sweep")
    public void sweep(@TimerTrigger(name = "timer", schedule = "%SWEEP_SCHEDULE%") String timerInfo,
                      ExecutionContext context) {
        TimerFiring firing = TimerFiring.parse(timerInfo);
        // First what earlier verdicts could not send to the history: nothing is lost while Log Analytics is away.
        app.get().history().retryPending(context.getLogger()::warning);
        Sweep s = app.get().sweeps().start(firing.occurrence(), firing.pastDue());
        context.getLogger().info("sweep " + s.id() + ": " + s.resources() + " resources in " + s.shards() + " shards");
    }

    @FunctionName("GetLatestSweep")
    public HttpResponseMessage latest(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "sweeps/latest",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Http.answer(request, context, app, Role.READ, caller -> ApiResponse.json(200, SweepView.of(app.get().sweeps().latest(continuationToken(request)))));
    }

    @FunctionName("GetSweep")
    public HttpResponseMessage get(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "sweeps/{id}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return Http.answer(request, context, app, Role.READ, caller -> ApiResponse.json(200, SweepView.of(app.get().sweeps().progress(id, continuationToken(request)))));
    }

    private static String continuationToken(HttpRequestMessage<?> request) {
        return request.getQueryParameters() == null ? null : request.getQueryParameters().get("continuationToken");
    }
}
