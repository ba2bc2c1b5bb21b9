package com.cmkverifier.state;

import java.util.List;

/** A slice of a sweep: resources whose logs share one workspace, verified by one worker with one log query. */
public record SweepShard(String sweepId, int index, String workspaceId, List<String> members, boolean done,
                         String etag) {

    public SweepShard {
        members = List.copyOf(members);
    }

    public SweepShard finished() {
        return new SweepShard(sweepId, index, workspaceId, members, true, etag);
    }
}
