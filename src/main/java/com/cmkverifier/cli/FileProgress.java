package com.cmkverifier.cli;

import com.cmkverifier.evidence.offline.auditlog.ReadProgress;

import java.io.PrintWriter;

/** "reading evidence: 120/4000 files" on one refreshed stderr line, for a person at a terminal. */
final class FileProgress implements ReadProgress {

    /** Below this many files reading is instant and progress would only flicker. */
    private static final int MIN_FILES = 20;

    private final PrintWriter err;
    private int lastPercent = -1;

    private FileProgress(PrintWriter err) {
        this.err = err;
    }

    /** Progress on {@code err} when a person watches, none otherwise. */
    static ReadProgress forTerminal(PrintWriter err) {
        return Terminal.isInteractive() ? new FileProgress(err) : ReadProgress.NONE;
    }

    @Override
    public void filesRead(int done, int total) {
        if (total < MIN_FILES) {
            return;
        }
        int percent = (int) (100L * done / total);
        if (percent != lastPercent || done == total) {
            lastPercent = percent;
            err.print("\rreading evidence: " + done + "/" + total + " files (" + percent + "%)");
            if (done == total) {
                err.println();
            }
            err.flush();
        }
    }
}
