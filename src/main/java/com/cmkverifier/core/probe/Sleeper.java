package com.cmkverifier.core.probe;

import java.time.Duration;

/** Waits between observations; tests pass one that advances a clock, so they count polls instead of waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
