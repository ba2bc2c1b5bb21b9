package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

import java.util.function.Supplier;

/** The queue-triggered worker on {@code %CMKV_JOBS_QUEUE%}, and the one that concludes its poison messages. */
public final class JobFunctions {

    private final Supplier<AppContext> app;

    public JobFunctions() {
        this(AppContext::production);
    }

    JobFunctions(Supplier<AppContext> app) {
        this.app = app;
    }

    @FunctionName("RunJob")
    public void run(@QueueTrigger(name = "message", queueName = "%CMKV_JOBS_QUEUE%",
                            connection = AppSettings.STORAGE) String message,
                    @BindingName("DequeueCount") long dequeueCount, ExecutionContext context) {
        app.get().worker().process(message, dequeueCount, context.getLogger()::warning);
    }

    @FunctionName("ConcludePoisonedJob")
    public void poisoned(@QueueTrigger(name = "message", queueName = "%CMKV_JOBS_QUEUE%-poison",
                                 connection = AppSettings.STORAGE) String message, ExecutionContext context) {
        app.get().worker().poisoned(message, context.getLogger()::warning);
    }
}
