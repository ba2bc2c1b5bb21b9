package com.cmkverifier.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec section 7: a bug exits 4, says so on one line and names the file that holds its stack trace. */
class InternalErrorExitTest {

    /** A subcommand with a bug in it, added to the real command line. */
    @Command(name = "buggy")
    static final class Buggy implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new NullPointerException("a bug");
        }
    }

    @Test
    void aBugExitsFourWithOneLineNamingTheFileWithTheTrace() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cmkv.run(new CommandLine(new Cmkv()).addSubcommand(new Buggy()), new String[] {"buggy"},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(4, exit, err.toString());
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("internal error") && line.contains("NullPointerException"), line);
        assertFalse(line.contains("\tat "), "no stack trace on stderr");
        Matcher m = Pattern.compile("details in (\\S+)").matcher(line);
        assertTrue(m.find(), line);
        Path details = Path.of(m.group(1));
        String trace = Files.readString(details);
        Files.delete(details);
        assertTrue(trace.contains("a bug") && trace.contains("Buggy.call"), trace);
    }

    @Test
    void aUsageErrorStillExitsTwo() {
        StringWriter err = new StringWriter();
        assertEquals(2, Cmkv.run(new String[] {"verify", "--no-such-option"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err)));
    }
}
