package com.cmkverifier.cli;

import com.cmkverifier.evidence.offline.auditlog.ReadProgress;

/**
 * Progress that stays silent until shown: a sweep starts reading its logs before it has read its registry and
 * said its notes, and a refreshed progress line must not run into those lines on a terminal.
 */
final class HeldProgress implements ReadProgress {

    private final ReadProgress progress;
    private volatile boolean shown;

    HeldProgress(ReadProgress progress) {
        this.progress = progress;
    }

    /** From now on, progress is passed on. */
    void show() {
        shown = true;
    }

    @Override
    public void filesRead(int done, int total) {
        if (shown) {
            progress.filesRead(done, total);
        }
    }
}
