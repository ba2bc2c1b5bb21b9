package com.cmkverifier.evidence;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The fixed pools evidence sources read with: daemon threads, so that a stuck read never keeps the JVM alive. */
public final class DaemonPool {

    private DaemonPool() {
    }

    /** At most {@code threads} threads, all named {@code name}; the caller shuts the pool down. */
    public static ExecutorService of(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
