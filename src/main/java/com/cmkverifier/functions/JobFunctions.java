package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.application.BadSetting;
import com.cmkverifier.application.Reaper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The queue-triggered workers on {@code %CMKV_JOBS_QUEUE%} (sweep shards, discoveries) and on
 * {@code %CMKV_RUNS_QUEUE%} (on-demand run checks, so that they never wait behind a sweep), the ones that
 * conclude their poison messages, and the timer that re-drives lost work.
 */
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
        work(message, dequeueCount, context);
    }

    @FunctionName("CheckVerification")
    public void check(@QueueTrigger(name = "message", queueName = "%CMKV_RUNS_QUEUE%",
                              connection = AppSettings.STORAGE) String message,
                      @BindingName("DequeueCount") long dequeueCount, ExecutionContext context) {
        work(message, dequeueCount, context);
    }

    private void work(String message, long dequeueCount, ExecutionContext context) {
        AppContext a = app.get();
        Optional<BadSetting> bad = a.badSetting();
        if (bad.isPresent()) {
            context.getLogger().severe(bad.get().getMessage());
            a.conclusions().conclude(message, "the app cannot verify: " + bad.get().getMessage(),
                    context.getLogger()::warning);
            return;
        }
        a.worker().process(message, dequeueCount, context.getLogger()::warning);
    }

    @FunctionName("ConcludePoisonedJob")
    public void poisoned(@QueueTrigger(name = "message", queueName = "%CMKV_JOBS_QUEUE%-poison",
                                 connection = AppSettings.STORAGE) String message, ExecutionContext context) {
        app.get().conclusions().conclude(message, "the job could not be processed and was moved to the poison queue",
                context.getLogger()::warning);
    }

    @FunctionName("ConcludePoisonedCheck")
    public void poisonedCheck(@QueueTrigger(name = "message", queueName = "%CMKV_RUNS_QUEUE%-poison",
                                      connection = AppSettings.STORAGE) String message, ExecutionContext context) {
        poisoned(message, context);
    }

    /** Every five minutes: re-drives runs and shards whose queue message was lost. */
    @FunctionName("RedriveOverdueJobs")
    public void reap(@TimerTrigger(name = "timer", schedule = "0 */5 * * * *") String timerInfo,
                     ExecutionContext context) {
        Reaper.Pass pass = app.get().reaper().reap();
        if (pass.didSomething()) {
            context.getLogger().warning("re-drove lost work: " + pass);
        }
    }
}
