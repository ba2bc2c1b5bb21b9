package com.cmkverifier.state;

import java.time.Instant;
import java.util.List;

/**
 * A slice of a sweep: resources whose logs share one workspace, verified by one worker with one log query.
 *
 * @param queuedAt when its message was last sent, or null before that
 */
public record SweepShard(String sweepId, int index, String workspaceId, List<String> members, boolean done,
                         Instant queuedAt) {

    public SweepShard {
        members = List.copyOf(members);
    }
}
