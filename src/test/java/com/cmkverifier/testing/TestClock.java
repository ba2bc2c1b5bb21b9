package com.cmkverifier.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, so that deadlines pass without waiting; a thread that must not go on before the
 * clock has moved (a watchdog's sleep) waits for the hand that moves it.
 */
public final class TestClock extends Clock {

    private volatile Instant now;

    public TestClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
        notifyAll();
    }

    /** Blocks until someone else has moved this clock on by {@code d}; interruptible. */
    public synchronized void awaitAdvance(Duration d) throws InterruptedException {
        Instant until = now.plus(d);
        while (now.isBefore(until)) {
            wait();
        }
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
