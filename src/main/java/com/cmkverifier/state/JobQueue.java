package com.cmkverifier.state;

import com.azure.storage.queue.QueueClient;

import java.time.Duration;

/** The jobs queue that the queue-triggered worker drains. */
public final class JobQueue {

    private final QueueClient queue;

    public JobQueue(QueueClient queue) {
        this.queue = queue;
        queue.createIfNotExists();
    }

    /** Sends a job that becomes visible after {@code delay} (zero: at once). */
    public void send(Job job, Duration delay) {
        queue.sendMessageWithResponse(job.toJson(), delay.isZero() ? null : delay, null, null, null);
    }

    public String name() {
        return queue.getQueueName();
    }
}
