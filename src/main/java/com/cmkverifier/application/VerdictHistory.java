package com.cmkverifier.application;

import java.util.List;

/**
 * Where final verdicts are kept for the people who look back at them (Log Analytics, for security teams), beside
 * the app's own state. Best effort: it never changes a verdict and never fails the caller; what it cannot pass on
 * now it keeps for {@link #retryPending()}, which the nightly sweep calls.
 */
public interface VerdictHistory {

    /** No history configured. */
    VerdictHistory NONE = new VerdictHistory() {
        @Override
        public void record(List<FinalVerdict> verdicts) {
        }

        @Override
        public void retryPending() {
        }
    };

    void record(List<FinalVerdict> verdicts);

    void retryPending();
}
