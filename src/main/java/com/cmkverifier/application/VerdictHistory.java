package com.cmkverifier.application;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where final verdicts are kept for the people who look back at them (Log Analytics, for security teams), beside
 * the app's own state: a {@link VerdictSink}. Best effort: it never changes a verdict and never fails the caller;
 * what it cannot pass on now it keeps for {@link #retryPending}, which the nightly sweep calls.
 */
public interface VerdictHistory extends VerdictSink {

    /** No history configured. */
    VerdictHistory NONE = new VerdictHistory() {
        @Override
        public void accept(List<FinalVerdict> verdicts, Consumer<String> log) {
        }

        @Override
        public void retryPending(Consumer<String> log) {
        }
    };

    /** @param log where a batch that still fails is reported, one line per batch */
    void retryPending(Consumer<String> log);
}
