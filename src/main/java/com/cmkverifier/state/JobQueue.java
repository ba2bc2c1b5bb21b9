package com.cmkverifier.state;

import com.azure.storage.queue.QueueClient;

import java.time.Duration;

/**
 * The queues the queue-triggered workers drain: run checks go to the runs queue, so that an on-demand
 * verification never waits behind the shards of a nightly sweep; shards and discoveries go to the jobs queue.
 */
public final class JobQueue {

    private final QueueClient jobs;
    private final QueueClient runs;

    public JobQueue(QueueClient jobs, QueueClient runs) {
        this.jobs = jobs;
        this.runs = runs;
        jobs.createIfNotExists();
        runs.createIfNotExists();
    }

    /** Sends a job that becomes visible after {@code delay} (zero: at once). */
    public void send(Job job, Duration delay) {
        (job instanceof Job.RunCheck ? runs : jobs)
                .sendMessageWithResponse(job.toJson(), delay.isZero() ? null : delay, null, null, null);
    }
}
