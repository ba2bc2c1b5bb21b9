package com.cmkverifier.core.probe;

/**
 * Work to run when the process is asked to stop (Ctrl-C, SIGTERM) before the probe is done. A SIGKILL runs
 * nothing: the restore record is for that case.
 */
public interface ExitHooks {

    ExitHooks JVM = new ExitHooks() {
        @Override
        public Object add(Runnable work) {
            Thread t = new Thread(work, "cmkv-probe-restore");
            Runtime.getRuntime().addShutdownHook(t);
            return t;
        }

        @Override
        public void remove(Object handle) {
            try {
                Runtime.getRuntime().removeShutdownHook((Thread) handle);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running or has run, which is what it is for.
            }
        }
    };

    /** Registers {@code work}; returns a handle for {@link #remove}. */
    Object add(Runnable work);

    void remove(Object handle);
}
