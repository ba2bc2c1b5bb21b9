package com.cmkverifier.application;

import com.cmkverifier.state.Run;
import com.cmkverifier.state.RunStore;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a kept history row is a run's outcome that stood. Rows are kept before the final write, so a row can
 * belong to a writer that then lost its conditional write, or crashed before making it: the row is sent only
 * once the run is done with that row's status and time, dropped when the run ended otherwise, and waits while
 * the run is pending (whoever ends it keeps a row of its own).
 */
public final class OutcomeStanding {

    /** What to do with a kept row. */
    public enum Decision { SEND, WAIT, DROP }

    private final RunStore runs;

    public OutcomeStanding(RunStore runs) {
        this.runs = runs;
    }

    /**
     * @param runId the row's run, or null for a sweep's verdict (each write of a shard's results stands: a shard
     *              checked twice sends both, and {@code VerdictId} tells the copies apart)
     */
    public Decision of(String runId, String status, Instant at) {
        if (runId == null) {
            return Decision.SEND;
        }
        Optional<Run> run = runs.find(runId);
        if (run.isEmpty()) {
            return Decision.DROP;
        }
        Run r = run.get();
        if (!r.done()) {
            return Decision.WAIT;
        }
        boolean stood = r.status() != null && r.status().name().equals(status) && at.equals(r.updatedAt());
        return stood ? Decision.SEND : Decision.DROP;
    }
}
