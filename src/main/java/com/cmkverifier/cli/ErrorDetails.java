package com.cmkverifier.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the details of an internal error go: its stack trace in a file of its own in the temp folder, so that
 * stderr keeps one line and a bug report has everything.
 */
final class ErrorDetails {

    private ErrorDetails() {
    }

    /** Writes the trace; returns where it is, or why it could not be written. */
    static String details(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        try {
            Path file = Files.createTempFile("cmkv-internal-error-", ".txt");
            Files.writeString(file, trace.toString());
            return "details in " + file;
        } catch (IOException | RuntimeException io) {
            return "the details could not be written to the temp folder (" + io.getClass().getSimpleName() + ")";
        }
    }
}
