package com.cmkverifier.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where a command's report goes: stdout, or the {@code --output} file (its folder created when missing). */
final class ReportFile {

    private ReportFile() {
    }

    static void write(String text, Path output, PrintWriter stdout) {
        if (output == null) {
            stdout.print(text);
            stdout.flush();
            return;
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--output: cannot write " + output + ": " + reason(e));
        }
    }

    /** The JDK's file exceptions carry only a path as their message; what went wrong is in their type. */
    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a folder";
        }
        if (e instanceof NoSuchFileException f) {
            return "the folder " + f.getFile() + " does not exist and cannot be created";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied on " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
        }
        return e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
