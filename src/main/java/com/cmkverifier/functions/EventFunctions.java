package com.cmkverifier.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Event Grid delivery (Event Grid schema or CloudEvents 1.0, one event per call) and the timer that makes the
 * rotation follow-ups' due checks. A throw makes the host answer Event Grid with a failure, so Event Grid
 * redelivers within the subscription's retry policy and then dead-letters; events that can never succeed are
 * kept and answered instead ({@link com.cmkverifier.application.events.EventIntake}).
 */
public final class EventFunctions {

    private final Supplier<AppContext> app;

    public EventFunctions() {
        this(AppContext::production);
    }

    EventFunctions(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("HandleEvent")
    public void handle(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        String outcome = app.get().events().accept(event);
        context.getLogger().log(outcome.startsWith("CMKV_EVENT_REJECTED") ? Level.WARNING : Level.INFO, outcome);
    }

    /** Every five minutes: the rotation follow-ups' checks whose time has come. */
    @FunctionName("FollowRotations")
    public void followRotations(@TimerTrigger(name = "timer", schedule = "0 */5 * * * *") String timerInfo,
                                ExecutionContext context) {
        app.get().rotations().followUp(context.getLogger()::warning);
    }
}
