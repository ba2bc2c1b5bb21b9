package com.cmkverifier.application;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where final verdicts are kept for the people who look back at them (Log Analytics, for security teams), beside
 * the app's own state. Two steps, so that a crash can never separate a final write from its history row:
 * {@link #keep} writes the rows durably <em>before</em> the final write; {@link #sendPending}, called by its own
 * timer outside any run or shard, sends what was kept and whose outcome stands.
 */
public interface VerdictHistory {

    /** No history configured. */
    VerdictHistory NONE = new VerdictHistory() {
        @Override
        public void keep(List<FinalVerdict> verdicts) {
        }

        @Override
        public void sendPending(Consumer<String> log) {
        }
    };

    /**
     * Keeps the verdicts' rows for sending.
     *
     * @throws RuntimeException when they could not be kept: the caller must then not make its final write
     */
    void keep(List<FinalVerdict> verdicts);

    /** @param log where a batch that fails is reported, one line per batch */
    void sendPending(Consumer<String> log);
}
