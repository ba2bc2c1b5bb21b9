package com.cmkverifier.state;

import com.cmkverifier.core.model.Window;

import java.time.Instant;

/**
 * One sweep of the whole registry, fanned out as shards. Its id derives from the schedule occurrence it
 * stands for, so that a repeated firing for the same occurrence finds it instead of sweeping twice.
 *
 * @param enqueued true once every shard's message was sent
 */
public record Sweep(String id, Instant startedAt, Window window, int shards, int resources, String trigger,
                    boolean enqueued) {
}
